import time

import docker

client = docker.from_env()
container = client.containers.get("ticker")
now = int(time.time())
stream = container.logs(stream=True, follow=True, tail=0, until=now + 3)  # (1)!
for line in stream:
    print(line.decode(), end="")
print("Three seconds are over.")
