curl -s http://localhost:9000/
