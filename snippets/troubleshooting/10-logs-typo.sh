docker logs wbe
