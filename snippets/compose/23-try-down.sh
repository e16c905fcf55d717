docker compose down -v
