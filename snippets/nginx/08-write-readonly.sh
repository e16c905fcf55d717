docker exec web sh -c 'echo changed > /usr/share/nginx/html/index.html'
