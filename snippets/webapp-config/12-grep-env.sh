docker compose exec web env | grep -c "$(cat db_password.txt)"
