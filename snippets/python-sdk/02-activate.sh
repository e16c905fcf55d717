. .venv/bin/activate
