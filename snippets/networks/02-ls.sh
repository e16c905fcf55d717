docker network ls
