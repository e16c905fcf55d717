docker run --rm --user "$(id -u):$(id -g)" -v "$(pwd)/mine:/data" -e NAME=Bob greeter
