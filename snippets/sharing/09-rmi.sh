docker rmi hello-share localhost:5001/hello-share:1.0
