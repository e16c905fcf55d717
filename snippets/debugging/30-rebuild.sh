docker build -t greeter .
