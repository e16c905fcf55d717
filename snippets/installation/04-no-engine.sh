DOCKER_HOST=unix:///tmp/no-engine.sock docker version
