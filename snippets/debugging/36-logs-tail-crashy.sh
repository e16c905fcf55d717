docker logs --tail 1 crashy
