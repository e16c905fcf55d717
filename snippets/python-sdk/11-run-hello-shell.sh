docker run --rm debian echo 'Hello from a container'
