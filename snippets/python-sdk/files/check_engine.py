import docker
from docker.errors import DockerException

try:
    client = docker.from_env()
    client.ping()
except DockerException as error:  # (1)!
    raise SystemExit(f"Cannot reach the Docker engine: {error}") from None  # (2)!
print("The engine answers.")
