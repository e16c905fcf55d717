printf '%s\n' .env .git .venv __pycache__ '*.pyc' > .dockerignore
