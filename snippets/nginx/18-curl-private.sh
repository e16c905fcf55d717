curl -s --retry 5 --retry-all-errors --retry-delay 1 http://127.0.0.1:8081/
