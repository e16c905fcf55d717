docker compose run --rm tests pytest -q
