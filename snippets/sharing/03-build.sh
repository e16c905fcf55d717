docker build -q -t hello-share .
