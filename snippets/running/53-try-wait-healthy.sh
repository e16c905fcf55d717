until [ "$(docker inspect --format '{{.State.Health.Status}}' web-9000)" = healthy ]; do sleep 1; done
