docker logs -f buffered
