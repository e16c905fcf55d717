sed -i.bak 's/main.py/app.py/' Dockerfile && rm Dockerfile.bak
