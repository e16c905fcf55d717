curl -s --retry 5 --retry-all-errors --retry-delay 1 http://localhost:5000/v2/_catalog
