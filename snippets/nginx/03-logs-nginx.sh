docker logs web 2>&1 >/dev/null
