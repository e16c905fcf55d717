docker compose up -d --wait
