docker run -d --name web-9000 -e PORT=9000 -p 127.0.0.1:9000:9000 health-demo
