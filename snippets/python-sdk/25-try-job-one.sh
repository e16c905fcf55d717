docker run --name first-job debian true
