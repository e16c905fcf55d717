docker run -d --name webapp -p 127.0.0.1:8000:8000 webapp
