until [ "$(docker inspect --format '{{.RestartCount}} {{.State.Status}}' crashy)" = '3 exited' ]; do sleep 0.2; done
