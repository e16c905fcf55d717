docker compose exec web printenv WEB_PORT
