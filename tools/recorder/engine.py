"""The host engine: connecting to it, labelling what we make, and removing only that."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

import docker
import requests
from docker.errors import APIError, DockerException, NotFound

from recorder.errors import EngineError

LABEL = "org.docker-tutorial.recorder"
RUN_LABEL = "org.docker-tutorial.run"
PROJECT_LABEL = "org.docker-tutorial.project"
CACHE = "cache"
RUN = "run"
PREFIX = "docker-tutorial"
# What the SDK raises when the engine stops answering (it does not wrap connection errors).
ENGINE_GONE: tuple[type[Exception], ...] = (requests.exceptions.ConnectionError, requests.exceptions.Timeout)


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


def answers(client: docker.DockerClient) -> bool:
    try:
        client.ping()
    except (DockerException, *ENGINE_GONE):
        return False
    return True


def new_run_id() -> str:
    return secrets.token_hex(4)


def project_key(root: Path) -> str:
    """Tells apart runs of different checkouts (or test copies) sharing one engine."""
    return hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]


def run_labels(run_id: str, project: str = "") -> dict[str, str]:
    """Labels for objects that live only as long as one run."""
    labels = {LABEL: RUN, RUN_LABEL: run_id}
    if project:
        labels[PROJECT_LABEL] = project
    return labels


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


def leftovers(client: docker.DockerClient, project: str = "") -> list[str]:
    """Everything labelled by the recorder (for one project, if named) that should not outlive a run."""
    labels = [LABEL, f"{PROJECT_LABEL}={project}"] if project else [LABEL]
    found = [f"container {c.name}" for c in client.containers.list(all=True, filters={"label": labels})]
    found += [f"network {n.name}" for n in client.networks.list(filters={"label": labels})]
    found += [f"volume {v.name}" for v in client.volumes.list(filters={"label": labels})]
    return found


def _ignore_missing(action) -> None:  # type: ignore[no-untyped-def]
    try:
        action()
    except NotFound:
        pass
    except APIError as error:
        if error.status_code != 409:  # removal already in progress
            raise
