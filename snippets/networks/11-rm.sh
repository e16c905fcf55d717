docker rm -f -v redis
