curl -s http://localhost:8000/
