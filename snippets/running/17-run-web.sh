docker run -d --name web -p 127.0.0.1:8000:8000 health-demo
