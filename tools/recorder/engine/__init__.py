"""The host engine: labelling what we make, recognising it again, and removing only that.

An object belongs to a run when the recorder set the run's label on it. Containers inherit
their image's labels, so a container whose run label has the same value as its image's is a
user's container made from one of our images (the registry-data image, made by `docker
commit`, is one), never a run object.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docker
import requests
from docker.errors import APIError, DockerException, NotFound

from recorder.engine import endpoint

LABEL = "org.docker-tutorial.recorder"
RUN_LABEL = "org.docker-tutorial.run"
PROJECT_LABEL = "org.docker-tutorial.project"
# The name of the run's lease container: the run lives exactly as long as that container runs.
LEASE_LABEL = "org.docker-tutorial.lease"
CACHE = "cache"
RUN = "run"
PREFIX = "docker-tutorial"
RETRY_SECONDS = 0.2
# What the SDK raises when the engine stops answering (it does not wrap connection errors).
ENGINE_GONE: tuple[type[Exception], ...] = (requests.exceptions.ConnectionError, requests.exceptions.Timeout)


@dataclass(frozen=True)
class RunObject:
    """A container, network or volume that a run labelled as its own."""

    kind: str
    name: str
    run_id: str
    project: str
    lease: str  # empty for objects made by recorders from before leases

    @property
    def is_lease(self) -> bool:
        return self.kind == "container" and self.name == self.lease

    def __str__(self) -> str:
        return f"{self.kind} {self.name}"


def connect(pool_size: int = 10, timeout: float = 300) -> docker.DockerClient:
    """A client for the engine the environment names (DOCKER_HOST or the current context)."""
    return endpoint.connect(endpoint.resolve(), pool_size, timeout)


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


def lease_name(run_id: str) -> str:
    return f"{PREFIX}-{run_id}-lease"


def run_labels(run_id: str, project: str) -> dict[str, str]:
    """Labels for objects that live only as long as one run (and its lease)."""
    return {LABEL: RUN, RUN_LABEL: run_id, PROJECT_LABEL: project, LEASE_LABEL: lease_name(run_id)}


def cache_labels() -> dict[str, str]:
    """Labels for images kept between runs so that provisioning twice does no work."""
    return {LABEL: CACHE}


def unset_run_labels() -> dict[str, str]:
    """For `docker commit` of a run container, which would otherwise copy its run labels into the image."""
    return {RUN_LABEL: "", PROJECT_LABEL: "", LEASE_LABEL: ""}


def run_objects(client: docker.DockerClient, project: str | None = None, run_id: str | None = None) -> list[RunObject]:
    """Every run object on the engine, of one project or one run if named; containers first."""
    filters = {"label": [f"{RUN_LABEL}={run_id}" if run_id else RUN_LABEL]}
    if project:
        filters["label"].append(f"{PROJECT_LABEL}={project}")
    api = client.api
    image_labels = _ImageLabels(client)
    found = [
        _object("container", entry["Names"][0].lstrip("/"), entry.get("Labels"))
        for entry in api.containers(all=True, filters=filters)
        if not image_labels.inherited(entry.get("ImageID", ""), entry.get("Labels") or {})
    ]
    found += [_object("network", entry["Name"], entry.get("Labels")) for entry in api.networks(filters=filters)]
    found += [
        _object("volume", entry["Name"], entry.get("Labels"))
        for entry in api.volumes(filters=filters).get("Volumes") or []
    ]
    return found


def leftovers(client: docker.DockerClient, project: str) -> list[str]:
    """What runs of a project left on the engine, for tests and reports."""
    return [str(obj) for obj in run_objects(client, project=project)]


def remove_objects(client: docker.DockerClient, objects: list[RunObject], deadline: float) -> None:
    """Remove containers, then networks and volumes, then leases, each group all at once.

    Removing a Docker-in-Docker sandbox, or a volume full of a page's pulled images, takes
    seconds; side by side they take as long as the slowest. Every removal is retried until the
    deadline while the engine says the object is busy (a removal already in progress, a network
    with endpoints still attached, a volume still mounted), and others removing the same
    objects at the same time is fine.
    """
    api = client.api
    removals = {
        "container": lambda o: api.remove_container(o.name, force=True, v=True),
        "network": lambda o: api.remove_network(o.name),
        "volume": lambda o: api.remove_volume(o.name, force=True),
    }
    for group in (
        [o for o in objects if o.kind == "container" and not o.is_lease],
        [o for o in objects if o.kind in ("network", "volume")],
        [o for o in objects if o.is_lease],
    ):
        _all_at_once(group, lambda o: until_gone(lambda: removals[o.kind](o), deadline), deadline)


def remove_run_objects(
    client: docker.DockerClient, deadline: float, project: str | None = None, run_id: str | None = None
) -> list[RunObject]:
    """Remove a run's (or a project's) objects until none is left or the deadline passes; returns what is left.

    An engine that stops answering is waited for until the deadline, then ENGINE_GONE is raised.
    """
    while True:
        try:
            objects = run_objects(client, project=project, run_id=run_id)
        except ENGINE_GONE:
            if time.monotonic() + 1 >= deadline:
                raise
            time.sleep(1)
            continue
        if not objects or time.monotonic() >= deadline:
            return objects
        remove_objects(client, objects, deadline)


def ignore_missing(action: Callable[[], object]) -> None:
    """Run a removal; an object already gone, or being removed by someone else, is fine."""
    try:
        action()
    except NotFound:
        pass
    except APIError as error:
        if error.status_code != 409:  # removal already in progress
            raise


def until_gone(action: Callable[[], object], deadline: float) -> None:
    """Retry a removal the engine refuses for now (409 busy, 403 network in use) until the deadline."""
    while True:
        try:
            action()
            return
        except NotFound:
            return
        except APIError as error:
            if error.status_code not in (403, 409) or time.monotonic() + RETRY_SECONDS >= deadline:
                return
        except ENGINE_GONE:
            if time.monotonic() + 1 >= deadline:
                return
            time.sleep(1)
        time.sleep(RETRY_SECONDS)


def _all_at_once(objects: list[RunObject], remove: Callable[[RunObject], None], deadline: float) -> None:
    """One removal per object, each in its own thread, waited for until the deadline."""
    threads = [threading.Thread(target=remove, args=(obj,), daemon=True, name=f"remove {obj}") for obj in objects]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))


def _object(kind: str, name: str, labels: dict[str, str] | None) -> RunObject:
    labels = labels or {}
    return RunObject(kind, name, labels.get(RUN_LABEL, ""), labels.get(PROJECT_LABEL, ""), labels.get(LEASE_LABEL, ""))


class _ImageLabels:
    """Images' labels, looked up once per image while one listing is made."""

    def __init__(self, client: docker.DockerClient) -> None:
        self._client = client
        self._labels: dict[str, dict[str, str]] = {}

    def inherited(self, image_id: str, labels: dict[str, str]) -> bool:
        """Whether the container's run label came from its image rather than from a run."""
        if not image_id:
            return False
        if image_id not in self._labels:
            try:
                config = self._client.api.inspect_image(image_id).get("Config") or {}
                self._labels[image_id] = config.get("Labels") or {}
            except NotFound:
                self._labels[image_id] = {}
        return self._labels[image_id].get(RUN_LABEL) == labels.get(RUN_LABEL)
