docker logs buffered
