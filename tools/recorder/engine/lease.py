"""A run's lease, and reaping the objects of runs whose recorder is gone.

Every run first starts a tiny lease container (no network) whose only process reads its stdin
until end of file. The recorder keeps that stdin attached for the whole run; when the recorder
ends for any reason (SIGKILL, a crash, a lost machine), the engine sees the connection close,
the container's stdin ends and the lease stops. So a run is alive exactly while its lease
runs, and this holds on a remote engine too: no local PID is consulted and no privileged
reaper watches the engine. Any later run (of any checkout) removes the objects of dead runs.
"""

from __future__ import annotations

import contextlib
import re
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import docker
from docker.errors import NotFound

from recorder.engine import RunObject, remove_objects, run_objects
from recorder.naming import Naming

# A lease seen between its creation and its start is alive if it is younger than this (engine clock).
START_GRACE_SECONDS = 60
ALIVE = "running"
TIMESTAMP = re.compile(r"(?P<seconds>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?(?P<zone>Z|[+-]\d\d:\d\d)")


class Lease:
    """The lease container of one run and the attached stdin that keeps it running."""

    def __init__(self, client: docker.DockerClient, name: str, labels: dict[str, str]) -> None:
        self.client = client
        self.name = name
        self.labels = labels
        self._stdin: Any = None  # the SDK's attached socket: a SocketIO or a socket, by transport

    def take(self, image: str) -> None:
        """Create the lease, attach to its stdin, then start it: from now on it lives as long as we do."""
        api = self.client.api
        created = api.create_container(
            image,
            ["cat"],
            name=self.name,
            labels=self.labels,
            stdin_open=True,  # with detach=False this sets StdinOnce: our detaching closes its stdin
            detach=False,
            host_config=api.create_host_config(network_mode="none"),
        )
        self._stdin = api.attach_socket(created["Id"], params={"stdin": 1, "stream": 1})
        api.start(created["Id"])

    def release(self) -> None:
        """Close our end; the lease (if not yet removed) stops by itself."""
        stdin, self._stdin = self._stdin, None
        if stdin is None:
            return
        raw = getattr(stdin, "_sock", stdin)
        with contextlib.suppress(OSError, AttributeError):
            raw.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError, AttributeError):
            stdin.close()


def alive(client: docker.DockerClient, lease: str, now: datetime | None = None) -> bool:
    """Whether the run holding this lease is still running (a lease just created counts as alive)."""
    try:
        state = client.api.inspect_container(lease)
    except NotFound:
        return False
    status = (state.get("State") or {}).get("Status")
    if status == ALIVE:
        return True
    if status == "created":
        now = now or engine_time(client)
        return (now - _timestamp(state.get("Created", ""))).total_seconds() < START_GRACE_SECONDS
    return False


def engine_time(client: docker.DockerClient) -> datetime:
    """The engine's clock, so a remote engine's time is compared with its own timestamps."""
    return _timestamp(client.info().get("SystemTime", ""))


def dead_runs(client: docker.DockerClient, objects: list[RunObject]) -> tuple[list[RunObject], list[RunObject]]:
    """Split objects into those of dead runs and those of live runs.

    Objects without a lease were made by recorders from before leases: whether their run lives
    cannot be told, so they count as live here (only `recorder clean` removes them).
    """
    now = engine_time(client)
    verdicts: dict[str, bool] = {}
    dead: list[RunObject] = []
    live: list[RunObject] = []
    for obj in objects:
        if obj.lease and obj.lease not in verdicts:
            verdicts[obj.lease] = alive(client, obj.lease, now)
        (live if not obj.lease or verdicts[obj.lease] else dead).append(obj)
    return dead, live


def reap(
    client: docker.DockerClient,
    naming: Naming,
    deadline: float,
    log: Callable[[str], None],
    project: str | None = None,
) -> list[RunObject]:
    """Remove the objects of every dead run (of one project, if named); returns what was removed."""
    dead, _ = dead_runs(client, run_objects(client, naming, project=project))
    if dead:
        runs = sorted({obj.run_id for obj in dead})
        log(
            f"removing {len(dead)} object(s) of {len(runs)} run(s) whose recorder ended without cleaning up: "
            + ", ".join(runs)
        )
        remove_objects(client, dead, deadline)
    return dead


def _timestamp(text: str) -> datetime:
    """Docker's RFC 3339 times (nanoseconds, Z or an offset) to the second, timezone-aware."""
    match = TIMESTAMP.match(text)
    if not match:
        return datetime.min.replace(tzinfo=UTC)
    zone = "+00:00" if match["zone"] == "Z" else match["zone"]
    return datetime.fromisoformat(match["seconds"] + zone)
