import docker

client = docker.from_env()
for image in client.images.list():
    size_mb = image.attrs["Size"] / 1_000_000
    print(f"{', '.join(image.tags):<16} {size_mb:.0f} MB")
