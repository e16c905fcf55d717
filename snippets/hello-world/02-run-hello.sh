docker run debian /bin/echo 'Hello world'
