docker ps -a --format '{{.Names}}'
