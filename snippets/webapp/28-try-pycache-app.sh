docker run --rm -e PYTHONDONTWRITEBYTECODE= webapp sh -c 'python -c "import app" && ls -A /app'
