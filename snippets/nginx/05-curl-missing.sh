curl -s http://localhost:8080/missing.html
