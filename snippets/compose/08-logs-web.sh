docker compose logs --tail 3 web
