docker run -d --name web --network site-net nginx:1.30
