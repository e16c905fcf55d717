docker inspect notes-web-1 notes-db-1 | grep -c "$(cat db_password.txt)"
