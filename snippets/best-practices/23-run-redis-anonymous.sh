docker run -d --name cache redis:8
