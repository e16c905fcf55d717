docker logs -f ticker
