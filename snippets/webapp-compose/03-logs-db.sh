docker compose logs db
