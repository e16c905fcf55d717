docker run -d --name web -p 8080:80 -v "$(pwd)/html:/usr/share/nginx/html:ro" -e APP_ENV=development nginx:1.30
