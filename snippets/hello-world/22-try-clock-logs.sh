docker logs -f clock
