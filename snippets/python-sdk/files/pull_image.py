import docker

client = docker.from_env()
image = client.images.pull("redis", tag="8")
print("Pulled:", ", ".join(image.tags))
print("Default command:", image.attrs["Config"]["Cmd"])
