until [ "$(docker inspect --format '{{.State.Health.Status}}' web-9000)" = unhealthy ]; do sleep 1; done
