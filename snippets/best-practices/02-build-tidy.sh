docker build -q -f tidy.Dockerfile -t size-demo:tidy .
