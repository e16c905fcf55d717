docker compose ps
