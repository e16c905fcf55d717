import docker

client = docker.from_env()
result = client.containers.prune()  # (1)!
for container_id in result["ContainersDeleted"] or []:
    print("Removed", container_id[:12])
print("Space reclaimed:", result["SpaceReclaimed"], "bytes")
