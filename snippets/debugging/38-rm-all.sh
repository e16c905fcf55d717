docker rm -f greeter crashy
