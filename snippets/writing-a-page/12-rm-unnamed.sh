docker rm -f serene_yalow
