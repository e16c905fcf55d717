TESTCONTAINERS_RYUK_DISABLED=true .venv/bin/pytest -q
