docker run -d --name redis --network demo-net redis:8
