docker run -d --name web2 -p 8080:80 nginx:1.30
