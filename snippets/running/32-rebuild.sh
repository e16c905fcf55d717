docker build -q .
