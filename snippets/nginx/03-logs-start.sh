docker logs -f web 2>/dev/null
