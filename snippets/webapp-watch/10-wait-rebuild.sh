for i in $(seq 120); do docker compose exec -T web python -c 'import humanize' >/dev/null 2>&1 && break; sleep 1; done
