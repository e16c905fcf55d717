import docker

client = docker.from_env()  # (1)!

print("Engine answers ping:", client.ping())
version = client.version()
print("Engine version:", version["Version"])
print("API version:", version["ApiVersion"])
