docker run -d debian sleep 300
