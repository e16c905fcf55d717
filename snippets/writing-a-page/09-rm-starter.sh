docker rm -f starter
