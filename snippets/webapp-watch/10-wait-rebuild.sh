for i in $(seq 120); do docker compose exec -T web python -c 'import humanize' 2>/dev/null && break; sleep 1; done
