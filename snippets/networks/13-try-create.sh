docker network create site-net
