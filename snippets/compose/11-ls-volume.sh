docker run --rm -v counter_redis-data:/data redis:8 ls /data
