docker build -q -t cache-demo .
