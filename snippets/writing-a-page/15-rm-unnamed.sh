docker rm -f peaceful_panini
