docker rm webapp
