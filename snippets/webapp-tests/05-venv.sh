python3 -m venv .venv
