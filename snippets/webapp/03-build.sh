docker build -t webapp .
