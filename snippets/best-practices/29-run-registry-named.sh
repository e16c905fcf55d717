docker run -d --name registry -v registry-data:/var/lib/registry registry:3
