docker run --name second-job debian true
