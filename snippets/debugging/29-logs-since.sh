docker logs --since "$(docker inspect --format '{{.State.StartedAt}}' greeter)" greeter
