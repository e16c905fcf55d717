docker tag hello-share localhost:5001/hello-share:1.0
