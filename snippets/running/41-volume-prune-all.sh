docker volume prune -a -f
