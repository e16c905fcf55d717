docker inspect --format '{{.State.StartedAt}}' greeter
