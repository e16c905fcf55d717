docker logs web
