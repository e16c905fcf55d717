docker network rm demo-net
