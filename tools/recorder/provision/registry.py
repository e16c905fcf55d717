"""The local registry that stands in for Docker Hub: every sandbox engine pulls through it.

It runs on the run's private network as `registry:5000`, on no host port; provisioning fills
it once (then commits it as the registry-data image) and each run starts it from that image.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import docker
from docker.models.containers import Container

from recorder.engine import ignore_missing
from recorder.engine.run_scope import RunScope

REGISTRY_ALIAS = "registry"
REGISTRY_PORT = 5000
REGISTRY_DATA = "/var/lib/docker-registry"


@contextmanager
def temporary_registry(scope: RunScope, registry_image: str) -> Iterator[Container]:
    """The registry alone on a network of its own, labelled as the run's; it pushes into itself with its skopeo."""
    client = scope.client
    assert client is not None
    name = scope.naming.object_name(scope.run_id, "provision")
    try:
        with scope.creating():
            client.networks.create(name, labels=scope.labels)
        with scope.creating():
            registry = start_registry(client, registry_image, name, f"{name}-registry", scope.labels, None)
        yield registry
    finally:
        if not scope.stop.requested:  # after a stop, the run's cleanup removes them all at once
            ignore_missing(lambda: client.api.remove_container(f"{name}-registry", force=True, v=True))
            ignore_missing(lambda: client.api.remove_network(name))


def start_registry(
    client: docker.DockerClient, image: str, network: str, name: str, labels: dict[str, str], volume: str | None
) -> Container:
    """Start a registry reachable as `registry:5000` on network, and on no host port."""
    volumes = {volume: {"bind": REGISTRY_DATA, "mode": "rw"}} if volume else None
    return client.containers.run(
        image,
        detach=True,
        name=name,
        labels=labels,
        network=network,
        volumes=volumes,
        networking_config={network: client.api.create_endpoint_config(aliases=[REGISTRY_ALIAS])},
    )
