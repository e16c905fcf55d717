docker image prune -a -f
