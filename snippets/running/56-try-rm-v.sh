docker rm -v tmp
