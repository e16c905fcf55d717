docker run -d --name greeter -p 127.0.0.1:8000:8000 greeter
