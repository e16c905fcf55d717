docker logs --tail 1 greeter
