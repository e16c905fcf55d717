docker inspect --format '{{.RestartCount}}' crashy
