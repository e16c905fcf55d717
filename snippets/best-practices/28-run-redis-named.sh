docker run -d --name cache -v cache-data:/data redis:8
