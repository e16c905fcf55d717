docker compose exec redis redis-cli set visits 100
