docker compose version
