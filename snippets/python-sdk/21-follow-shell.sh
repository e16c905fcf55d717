docker logs -f --tail 0 ticker
