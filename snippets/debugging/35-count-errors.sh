docker logs crashy 2>&1 | grep -c KeyError
