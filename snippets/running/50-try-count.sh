docker inspect --format '{{.RestartCount}}' twice
