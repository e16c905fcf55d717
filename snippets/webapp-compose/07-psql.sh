docker compose exec db psql -U notes -c 'select id, text from notes'
