docker rm -f bold_lamport
