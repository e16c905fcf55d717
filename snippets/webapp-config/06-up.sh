docker compose up -d --build --wait
