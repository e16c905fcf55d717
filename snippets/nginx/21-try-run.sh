docker run -d --name web -p 127.0.0.1:8080:80 -v "$(pwd)/html:/usr/share/nginx/html:ro" nginx:1.30
