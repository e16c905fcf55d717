docker compose exec web env | grep -E '^(APP|DB|POSTGRES)_' | sort
