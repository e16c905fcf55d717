docker run --rm -v greetings:/data -e NAME=Bob greeter
