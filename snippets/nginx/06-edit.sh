sed -i 's/Hello from Nginx!/Edited on the host, served at once!/' html/index.html
