docker exec -it greeter sh
