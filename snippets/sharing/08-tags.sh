curl -s http://localhost:5001/v2/hello-share/tags/list
