docker run --rm --user root -e PYTHONDONTWRITEBYTECODE= webapp sh -c 'python -c "import app" && ls -A /app'
