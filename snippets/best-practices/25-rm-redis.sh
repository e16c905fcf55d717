docker rm -f cache
