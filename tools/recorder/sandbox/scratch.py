"""A throwaway Docker engine, for measuring provisioning from cold without touching the cache.

The engine runs in a container of the sandbox image on the host engine, with its own data
volume, and listens on a socket in a temporary folder of the host: `DOCKER_HOST` pointed
there sees an engine with no image at all. Container and volume are made in a run's scope,
so they go with that run like all its objects (after a crash too: the next run reaps them).
"""

from __future__ import annotations

import tempfile
import time
from types import TracebackType
from typing import Any

import docker
from docker.errors import APIError, DockerException

from recorder.engine import ignore_missing
from recorder.engine.run_scope import RunScope
from recorder.errors import EngineError
from recorder.sandbox.capabilities import engine_host_config

SOCKET_DIR = "/run/scratch-engine"
READY_TIMEOUT = 60.0


class ScratchEngine:
    """`with ScratchEngine(scope, sandbox_image) as docker_host:` an empty engine at docker_host."""

    def __init__(self, scope: RunScope, image: str) -> None:
        assert scope.client is not None, "the scope is connected first"
        self.scope = scope
        self.client = scope.client
        self.image = image
        self.name = scope.naming.object_name(scope.run_id, "scratch-engine")
        self._volume = f"{self.name}-data"
        self._folder = tempfile.TemporaryDirectory(prefix="scratch-engine-")

    def __enter__(self) -> str:
        try:
            with self.scope.creating():
                self.client.volumes.create(self._volume, labels=self.scope.labels)
            self._start(self._volume)
            docker_host = f"unix://{self._folder.name}/docker.sock"
            self._wait_ready(docker_host)
        except BaseException:
            self.close()
            raise
        return docker_host

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        ignore_missing(lambda: self.client.api.remove_container(self.name, force=True, v=True))
        ignore_missing(lambda: self.client.api.remove_volume(self._volume, force=True))
        self._folder.cleanup()

    def _start(self, volume: str) -> None:
        """Privileged where the kernel allows it, else with the sandbox's fallback set."""
        api = self.client.api
        binds: dict[str, Any] = {
            volume: {"bind": "/var/lib/docker", "mode": "rw"},
            self._folder.name: {"bind": SOCKET_DIR, "mode": "rw"},
        }
        for privileged in (True, False):
            with self.scope.creating():
                created = api.create_container(
                    self.image,
                    entrypoint=["dockerd", "--host", f"unix://{SOCKET_DIR}/docker.sock"],
                    name=self.name,
                    labels=self.scope.labels,
                    host_config=engine_host_config(api, binds, privileged),
                )
            try:
                api.start(created["Id"])
                return
            except APIError:
                api.remove_container(created["Id"], force=True)
                if not privileged:
                    raise

    def _wait_ready(self, docker_host: str) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            try:
                docker.DockerClient(base_url=docker_host).ping()
                return
            except DockerException:
                time.sleep(0.2)
        raise EngineError(f"the scratch engine did not answer at {docker_host} within {READY_TIMEOUT:.0f}s")
