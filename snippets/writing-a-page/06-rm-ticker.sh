docker rm -f ticker
