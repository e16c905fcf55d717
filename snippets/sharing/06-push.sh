docker push localhost:5001/hello-share:1.0
