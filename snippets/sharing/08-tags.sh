curl -s http://localhost:5000/v2/hello-share/tags/list
