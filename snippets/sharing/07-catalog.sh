curl -s http://localhost:5000/v2/_catalog
