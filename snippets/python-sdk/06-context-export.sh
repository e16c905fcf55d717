export DOCKER_HOST="$(docker context inspect --format '{{.Endpoints.docker.Host}}')"
