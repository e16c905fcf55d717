docker rm greeter
