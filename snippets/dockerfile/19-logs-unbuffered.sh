docker logs -f unbuffered
