import docker

client = docker.from_env()
container = client.containers.get("ticker")
print(container.logs().decode(), end="")
