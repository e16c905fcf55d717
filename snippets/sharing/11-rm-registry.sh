docker rm -f -v registry
