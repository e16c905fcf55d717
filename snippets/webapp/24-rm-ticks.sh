docker rm -f buffered unbuffered
