"""What one recorder run owns on the engine: its labels, its lease, and their removal, exactly once.

Every object the run makes (network, volumes, registry, sandboxes, provisioning's helpers) is
created inside `creating()`, so the shutdown knows when no creation is still under way: it
closes the gate, waits for creations in flight, then removes everything carrying the run's
label, the lease last. Whoever closes first (the work at its end, or the main thread after a
signal) does the removal; the other waits for it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

import docker
from docker.errors import DockerException

from recorder.engine import (
    ENGINE_GONE,
    RUN_LABEL,
    endpoint,
    lease,
    lease_name,
    new_run_id,
    remove_run_objects,
    run_labels,
)
from recorder.stopping import StopRequest

# Cleanup calls get a short SDK timeout: a removal that hangs must not hold the shutdown.
CLEANUP_CALL_TIMEOUT = 10
REAP_SECONDS = 60
Log = Callable[[str], None]


class RunScope:
    """One run's identity on the engine and the gate through which it creates objects."""

    def __init__(self, project: str, stop: StopRequest) -> None:
        self.project = project
        self.stop = stop
        self.run_id = new_run_id()
        self.labels = run_labels(self.run_id, project)
        self.endpoint: endpoint.Endpoint | None = None
        self.client: docker.DockerClient | None = None
        self._cleanup_client: docker.DockerClient | None = None
        self._lease: lease.Lease | None = None
        self._condition = threading.Condition()
        self._in_flight = 0
        self._closing = False
        self._close_lock = threading.Lock()
        self._closed = False
        self._left: str | None = None

    def connect(self, engine: endpoint.Endpoint, pool_size: int) -> docker.DockerClient:
        """Clients for the work (patient) and for cleanup (short timeouts), both to the one endpoint."""
        self.endpoint = engine
        self.client = endpoint.connect(engine, pool_size)
        # Cleanup removes a sandbox and a volume per running page, and more, all at once.
        self._cleanup_client = endpoint.connect(engine, 2 * pool_size, timeout=CLEANUP_CALL_TIMEOUT)
        return self.client

    def endpoint_environment(self) -> dict[str, str]:
        """The environment for a `docker` child process: the run's engine and no other."""
        assert self.endpoint is not None, "the scope is connected before any `docker` command runs"
        return self.endpoint.environment()

    def take_lease(self, image: str, log: Log) -> None:
        """Remove what dead runs left, then start this run's lease before it makes anything else."""
        assert self.client is not None and self._cleanup_client is not None
        lease.reap(self._cleanup_client, time.monotonic() + REAP_SECONDS, log)
        with self.creating():
            self._lease = lease.Lease(self.client, lease_name(self.run_id), self.labels)
            self._lease.take(image)

    @contextlib.contextmanager
    def creating(self) -> Iterator[None]:
        """Wrap every call that makes an engine object; refused once the run is stopping or closed."""
        with self._condition:
            if self._closing:
                self.stop.raise_if_requested()
                raise RuntimeError("the run's objects were already removed")
            self.stop.raise_if_requested()
            self._in_flight += 1
        try:
            yield
        finally:
            with self._condition:
                self._in_flight -= 1
                self._condition.notify_all()

    def close(self, deadline: float) -> str | None:
        """Remove everything of the run by its label, the lease last.

        Returns None when nothing is left, else one sentence on what may be left and how it goes.
        """
        with self._condition:
            self._closing = True
            self._condition.wait_for(lambda: self._in_flight == 0, max(0.0, deadline - time.monotonic()))
        if not self._close_lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return self._leftover_note("its removal did not finish in time")
        try:
            if not self._closed:
                self._left = self._remove_all(deadline)
                self._closed = True
            return self._left
        finally:
            self._close_lock.release()

    def _remove_all(self, deadline: float) -> str | None:
        if self._cleanup_client is None:
            return None
        try:
            left = remove_run_objects(self._cleanup_client, deadline, run_id=self.run_id)
        except ENGINE_GONE as error:
            return self._leftover_note(f"the Docker engine stopped answering ({error.__class__.__name__})")
        except DockerException as error:
            return self._leftover_note(f"the Docker engine refused: {error}")
        finally:
            if self._lease:
                self._lease.release()
        if left:
            return self._leftover_note("still there: " + ", ".join(str(obj) for obj in left))
        return None

    def _leftover_note(self, why: str) -> str:
        return (
            f"objects labelled {RUN_LABEL}={self.run_id} may be left ({why}); "
            "the next run on this engine removes them, or run `recorder clean`"
        )
