docker logs -f greeter
