docker compose exec redis redis-cli get visits
