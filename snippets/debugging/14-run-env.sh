docker run -d --name greeter -e GREETING=Hello -p 127.0.0.1:8000:8000 greeter
