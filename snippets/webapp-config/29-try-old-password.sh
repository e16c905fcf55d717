printf 's3cr3t-for-notes\n' > db_password.txt
