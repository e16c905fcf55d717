docker compose watch --no-up > watch.log 2>&1 &
