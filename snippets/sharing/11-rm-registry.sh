docker rm -f registry
