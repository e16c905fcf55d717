docker volume ls
