docker logs twice
