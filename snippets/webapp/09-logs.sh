docker logs -f webapp
