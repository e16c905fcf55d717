docker run --rm -v "$(pwd)/output:/data" greeter
