docker compose logs -f web
