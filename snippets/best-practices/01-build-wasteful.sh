docker build -q -f wasteful.Dockerfile -t size-demo:wasteful .
