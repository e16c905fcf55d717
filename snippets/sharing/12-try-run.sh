docker run -d --name registry -p 127.0.0.1:5001:5000 -v registry-data:/var/lib/registry registry:3
