docker network create demo-net
