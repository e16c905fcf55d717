docker run --rm --user root webapp sh -c 'python -c "import app" && ls -A /app'
