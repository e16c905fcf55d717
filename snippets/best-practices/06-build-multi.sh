docker build -f native/multi.Dockerfile -t native:multi native
