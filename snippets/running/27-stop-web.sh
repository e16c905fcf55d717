docker stop web web-9000
