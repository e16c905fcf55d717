docker rm -f web fixed
