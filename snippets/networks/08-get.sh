docker run --rm --network demo-net redis:8 redis-cli -h redis get greeting
