curl -s http://localhost:8080/
