docker run -d --name cache redis
