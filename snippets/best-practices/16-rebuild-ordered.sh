docker build -t cache-demo .
