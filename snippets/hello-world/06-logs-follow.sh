docker logs -f daemon
