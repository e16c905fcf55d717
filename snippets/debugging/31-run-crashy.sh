docker run -d --name crashy --restart on-failure:3 greeter
