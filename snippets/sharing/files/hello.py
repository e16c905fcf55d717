print("Hello from an image that travelled through a registry!")
