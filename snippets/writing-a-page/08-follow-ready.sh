docker logs -f starter
