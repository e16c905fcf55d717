import docker

client = docker.from_env()
for container in client.containers.list(all=True):  # (1)!
    print(container.short_id, container.name, container.status, container.image.tags)
