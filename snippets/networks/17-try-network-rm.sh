docker network rm site-net
