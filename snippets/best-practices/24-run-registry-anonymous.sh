docker run -d --name registry registry:3
