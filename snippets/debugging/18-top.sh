docker top greeter
