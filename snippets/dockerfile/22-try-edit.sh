sed -i.bak 's/NAME=world/NAME=reader/' Dockerfile && rm Dockerfile.bak
