"""The host engine: connecting to it, labelling what we make, and removing only that."""

from __future__ import annotations

import secrets

import docker
from docker.errors import APIError, DockerException, NotFound

from recorder.errors import EngineError

LABEL = "org.docker-tutorial.recorder"
RUN_LABEL = "org.docker-tutorial.run"
CACHE = "cache"
RUN = "run"
PREFIX = "docker-tutorial"


def connect() -> docker.DockerClient:
    """A client for the engine the environment names, or one clear line on how to get one."""
    try:
        client = docker.from_env(timeout=300)
        client.ping()
    except DockerException as error:
        raise EngineError(
            f"no Docker engine answers ({error.__class__.__name__}); start one, "
            "or run `make engine` as root on Debian to install and start it"
        ) from None
    return client


def new_run_id() -> str:
    return secrets.token_hex(4)


def run_labels(run_id: str) -> dict[str, str]:
    """Labels for objects that live only as long as one run."""
    return {LABEL: RUN, RUN_LABEL: run_id}


def cache_labels() -> dict[str, str]:
    """Labels for images kept between runs so that provisioning twice does no work."""
    return {LABEL: CACHE}


def remove_run_objects(client: docker.DockerClient, run_id: str | None = None) -> None:
    """Remove the containers, networks and volumes of one run (or of every run)."""
    label = f"{RUN_LABEL}={run_id}" if run_id else LABEL
    for container in client.containers.list(all=True, filters={"label": label}):
        _ignore_missing(lambda c=container: c.remove(force=True, v=True))
    for network in client.networks.list(filters={"label": label}):
        _ignore_missing(network.remove)
    for volume in client.volumes.list(filters={"label": label}):
        _ignore_missing(lambda v=volume: v.remove(force=True))


def leftovers(client: docker.DockerClient) -> list[str]:
    """Everything labelled by the recorder that should not outlive a run."""
    found = [f"container {c.name}" for c in client.containers.list(all=True, filters={"label": LABEL})]
    found += [f"network {n.name}" for n in client.networks.list(filters={"label": LABEL})]
    found += [f"volume {v.name}" for v in client.volumes.list(filters={"label": LABEL})]
    return found


def _ignore_missing(action) -> None:  # type: ignore[no-untyped-def]
    try:
        action()
    except NotFound:
        pass
    except APIError as error:
        if error.status_code != 409:  # removal already in progress
            raise
