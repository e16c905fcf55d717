docker stop web-v2
