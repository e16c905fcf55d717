sed -i.bak 's/Hello from Nginx!/Edited on the host, served at once!/' html/index.html && rm html/index.html.bak
