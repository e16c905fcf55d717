docker run --rm greeter
