docker ps -a --filter name=once
