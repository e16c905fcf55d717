docker run -d --name web2 -p 8081:80 nginx:1.30
