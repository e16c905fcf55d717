docker -v
