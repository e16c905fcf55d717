docker compose logs db | grep -e initdb.d -e 'init process'
