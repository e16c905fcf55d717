docker logs always
