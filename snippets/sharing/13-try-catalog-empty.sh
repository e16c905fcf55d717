curl -s --retry 5 --retry-all-errors --retry-delay 1 http://localhost:5001/v2/_catalog
