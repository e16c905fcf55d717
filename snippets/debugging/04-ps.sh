docker ps -a --filter name=greeter
