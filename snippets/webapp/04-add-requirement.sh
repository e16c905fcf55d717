echo "psycopg-pool==3.3.3" >> requirements.txt
