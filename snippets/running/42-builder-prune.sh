docker builder prune -f
