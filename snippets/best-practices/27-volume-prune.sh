docker volume prune -f
