docker network create old-net
