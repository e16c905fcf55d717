docker compose build --quiet web
