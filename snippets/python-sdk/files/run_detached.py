import docker

client = docker.from_env()
container = client.containers.run(
    "debian",
    ["sh", "-c", "echo Ticker started; while true; do echo tick; sleep 1; done"],
    name="ticker",
    detach=True,  # (1)!
    init=True,  # (2)!
)
print("Started", container.name, "with ID", container.short_id)
print("Status when created:", container.status)
container.reload()  # (3)!
print("Status now:", container.status)
