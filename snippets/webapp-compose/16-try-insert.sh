docker compose exec db psql -U notes -c "insert into notes (text) values ('from psql')"
