docker ps -a --filter name=always
