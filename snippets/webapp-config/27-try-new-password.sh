printf 'another-password\n' > db_password.txt
