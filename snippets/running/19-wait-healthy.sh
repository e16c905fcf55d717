until [ "$(docker inspect --format '{{.State.Health.Status}}' web)" = healthy ]; do sleep 1; done
