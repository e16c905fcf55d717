docker ps -a --filter name=quick
