docker compose build tests
