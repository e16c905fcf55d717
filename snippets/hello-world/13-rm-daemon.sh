docker rm daemon
