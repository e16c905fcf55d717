docker run --name greeter greeter
