docker build -q -t health-demo .
