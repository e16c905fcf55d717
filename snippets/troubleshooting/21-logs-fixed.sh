docker logs -f fixed
