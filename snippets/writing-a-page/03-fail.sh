docker run --rm debian ls /no/such/folder
