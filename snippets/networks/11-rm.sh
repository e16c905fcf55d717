docker rm -f redis
