docker run --rm greeter python --version
