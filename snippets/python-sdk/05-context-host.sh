docker context inspect --format '{{.Endpoints.docker.Host}}'
