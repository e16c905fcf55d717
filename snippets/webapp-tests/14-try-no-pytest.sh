docker compose run --rm web pytest -q
