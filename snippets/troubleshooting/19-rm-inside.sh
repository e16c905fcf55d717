docker rm -f inside
