docker run --rm redis:8 getent hosts redis
