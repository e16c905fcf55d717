until [ "$(docker inspect --format '{{.State.Status}}' flaky)" = exited ]; do sleep 1; done
