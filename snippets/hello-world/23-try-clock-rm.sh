docker rm -f clock
