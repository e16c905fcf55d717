docker logs web 2>/dev/null
