docker build -q -f native/single.Dockerfile -t native:single native
