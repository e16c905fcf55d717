docker run --rm --network demo-net redis:8 getent hosts redis
