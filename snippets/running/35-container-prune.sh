docker container prune -f
