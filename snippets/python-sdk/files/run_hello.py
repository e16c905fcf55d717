import docker

client = docker.from_env()
output = client.containers.run(
    "debian",
    ["echo", "Hello from a container"],
    remove=True,  # (1)!
)
print(output.decode(), end="")  # (2)!
