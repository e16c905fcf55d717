docker rmi token-demo token-arg
