docker rm web2
