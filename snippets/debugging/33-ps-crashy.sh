docker ps -a --filter name=crashy
