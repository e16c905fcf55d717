docker compose exec web cat /run/secrets/db_password
