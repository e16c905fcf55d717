docker run --rm debian echo 'Hello from the sandbox'
