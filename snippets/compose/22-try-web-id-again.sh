docker compose ps -q web
