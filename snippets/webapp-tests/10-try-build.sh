docker compose build --quiet tests
