"""The host engine: labelling what we make, recognising it again, and removing only that.

An object belongs to a run when the recorder set the run's label on it (the site's naming
says which keys: see recorder.naming). Containers inherit
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
from recorder.errors import EngineError
from recorder.naming import Naming

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


def image_id(client: docker.DockerClient, reference: str) -> str:
    """The ID of an image the engine has (the SDK types it as optional; an image always has one)."""
    found = client.images.get(reference).id
    if found is None:
        raise EngineError(f"the engine listed no ID for image {reference}")
    return found


def answers(client: docker.DockerClient) -> bool:
    try:
        client.ping()
    except (DockerException, *ENGINE_GONE):  # type: ignore[misc]  # a tuple unpacked: mypy cannot see it
        return False
    return True


def new_run_id() -> str:
    return secrets.token_hex(4)


def project_key(root: Path) -> str:
    """Tells apart runs of different checkouts (or test copies) sharing one engine."""
    return hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]


def run_objects(
    client: docker.DockerClient, naming: Naming, project: str | None = None, run_id: str | None = None
) -> list[RunObject]:
    """Every run object on the engine, of one project or one run if named; containers first."""
    filters = {"label": [f"{naming.run_label}={run_id}" if run_id else naming.run_label]}
    if project:
        filters["label"].append(f"{naming.project_label}={project}")
    api = client.api
    image_labels = _ImageLabels(client, naming)
    found = [
        _object(naming, "container", entry["Names"][0].lstrip("/"), entry.get("Labels"))
        for entry in api.containers(all=True, filters=filters)
        if not image_labels.inherited(entry.get("ImageID", ""), entry.get("Labels") or {})
    ]
    found += [_object(naming, "network", entry["Name"], entry.get("Labels")) for entry in api.networks(filters=filters)]
    found += [
        _object(naming, "volume", entry["Name"], entry.get("Labels"))
        for entry in api.volumes(filters=filters).get("Volumes") or []
    ]
    return found


def leftovers(client: docker.DockerClient, naming: Naming, project: str) -> list[str]:
    """What runs of a project left on the engine, for tests and reports."""
    return [str(obj) for obj in run_objects(client, naming, project=project)]


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
    client: docker.DockerClient,
    naming: Naming,
    deadline: float,
    project: str | None = None,
    run_id: str | None = None,
) -> list[RunObject]:
    """Remove a run's (or a project's) objects until none is left or the deadline passes; returns what is left.

    An engine that stops answering is waited for until the deadline, then ENGINE_GONE is raised.
    """
    while True:
        try:
            objects = run_objects(client, naming, project=project, run_id=run_id)
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


def _object(naming: Naming, kind: str, name: str, labels: dict[str, str] | None) -> RunObject:
    labels = labels or {}
    run, project, lease = (labels.get(key, "") for key in (naming.run_label, naming.project_label, naming.lease_label))
    return RunObject(kind, name, run, project, lease)


class _ImageLabels:
    """Images' labels, looked up once per image while one listing is made."""

    def __init__(self, client: docker.DockerClient, naming: Naming) -> None:
        self._client = client
        self._run_label = naming.run_label
        self._labels: dict[str, dict[str, str]] = {}

    def inherited(self, image_id: str, labels: dict[str, str]) -> bool:
        """Whether the container's run label came from its image rather than from a run."""
        if not image_id:
            return False
        if image_id not in self._labels:
            try:
                config = self._client.api.inspect_image(image_id).get("Config") or {}  # type: ignore[no-untyped-call]
                self._labels[image_id] = config.get("Labels") or {}
            except NotFound:
                self._labels[image_id] = {}
        return self._labels[image_id].get(self._run_label) == labels.get(self._run_label)
