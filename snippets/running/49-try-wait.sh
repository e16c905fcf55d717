until [ "$(docker inspect --format '{{.State.Status}}' twice)" = exited ]; do sleep 1; done
