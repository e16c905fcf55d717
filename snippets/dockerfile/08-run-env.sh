docker run --rm -v "$(pwd)/output:/data" -e NAME=Alice greeter
