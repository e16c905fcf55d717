sed -i 's/NAME=world/NAME=reader/' Dockerfile
