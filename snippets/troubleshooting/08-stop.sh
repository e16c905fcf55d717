docker stop web2
