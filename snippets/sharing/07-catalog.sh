curl -s http://localhost:5001/v2/_catalog
