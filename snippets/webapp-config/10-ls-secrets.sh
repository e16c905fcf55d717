docker compose exec web ls /run/secrets
