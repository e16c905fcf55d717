curl -s -o /dev/null -w '%{http_code}\n' 127.0.0.1:8000/count
