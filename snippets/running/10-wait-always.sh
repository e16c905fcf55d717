until [ "$(docker inspect --format '{{.RestartCount}}' always)" -ge 3 ]; do sleep 1; done
