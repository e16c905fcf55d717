docker logs web 2>&1 | grep 'No such file'
