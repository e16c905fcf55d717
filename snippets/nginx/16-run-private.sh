docker run -d --name private -p 127.0.0.1:8081:80 -v "$(pwd)/html:/usr/share/nginx/html:ro" nginx:1.30
