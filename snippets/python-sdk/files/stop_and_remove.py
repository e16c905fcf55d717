import docker
from docker.errors import NotFound

client = docker.from_env()
container = client.containers.get("ticker")
container.stop()
container.reload()
print("Status:", container.status)
print("Exit code:", container.attrs["State"]["ExitCode"])
container.remove()

try:
    client.containers.get("ticker")
except NotFound:
    print("ticker is gone")
