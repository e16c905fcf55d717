docker logs webapp
