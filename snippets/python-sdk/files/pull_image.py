import docker

client = docker.from_env()
image = client.images.pull("redis", tag="latest")
print("Pulled:", ", ".join(image.tags))
print("Default command:", image.attrs["Config"]["Cmd"])
