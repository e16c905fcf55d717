docker logs ticker
