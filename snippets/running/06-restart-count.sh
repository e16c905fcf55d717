docker inspect --format '{{.RestartCount}}' flaky
