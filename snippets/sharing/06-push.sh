docker push localhost:5000/hello-share:1.0
