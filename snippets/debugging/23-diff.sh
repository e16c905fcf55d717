docker diff greeter
