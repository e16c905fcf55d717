docker compose up -d --wait db
