docker logs -f web
