import docker

client = docker.from_env()
container = client.containers.run("debian", ["sleep", "infinity"], name="worker", detach=True, init=True)
exit_code, output = container.exec_run(["cat", "/etc/debian_version"])  # (1)!
print("Exit code:", exit_code)
print("Output:", output.decode(), end="")
container.remove(force=True)  # (2)!
print("Removed", container.name)
