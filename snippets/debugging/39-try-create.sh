docker create --name peek greeter
