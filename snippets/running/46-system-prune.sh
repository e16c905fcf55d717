docker system prune
