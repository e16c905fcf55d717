"""A throwaway Docker engine, for measuring provisioning from cold without touching the cache.

The engine runs in a container of the sandbox image on the host engine, with its own data
volume, and listens on a socket in a temporary folder of the host: `DOCKER_HOST` pointed
there sees an engine with no image at all. Container and volume carry the recorder's run
labels, so they go at the end like every run's objects (or with `recorder clean`).
"""

from __future__ import annotations

import tempfile
import time
from types import TracebackType

import docker
from docker.errors import APIError, DockerException

from recorder.engine import PREFIX, new_run_id, remove_run_objects, run_labels
from recorder.errors import EngineError
from recorder.sandbox import FALLBACK_OPTIONS

SOCKET_DIR = "/run/scratch-engine"
READY_TIMEOUT = 60.0


class ScratchEngine:
    """`with ScratchEngine(client, sandbox_image) as docker_host:` an empty engine at docker_host."""

    def __init__(self, client: docker.DockerClient, image: str, project: str) -> None:
        self.client = client
        self.image = image
        self.run_id = new_run_id()
        self.labels = run_labels(self.run_id, project)
        self._folder = tempfile.TemporaryDirectory(prefix="scratch-engine-")

    def __enter__(self) -> str:
        try:
            volume = self.client.volumes.create(f"{PREFIX}-{self.run_id}-scratch-data", labels=self.labels)
            self._start(volume.name)
            docker_host = f"unix://{self._folder.name}/docker.sock"
            self._wait_ready(docker_host)
        except BaseException:
            self.close()
            raise
        return docker_host

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        remove_run_objects(self.client, self.run_id)
        self._folder.cleanup()

    def _start(self, volume: str) -> None:
        """Privileged where the kernel allows it, else with the sandbox's fallback set."""
        api = self.client.api
        binds = {
            volume: {"bind": "/var/lib/docker", "mode": "rw"},
            self._folder.name: {"bind": SOCKET_DIR, "mode": "rw"},
        }
        for privileged in (True, False):
            if privileged:
                host_config = api.create_host_config(binds=binds, privileged=True)
            else:
                binds["/sys/fs/cgroup"] = {"bind": "/sys/fs/cgroup", "mode": "rw"}
                host_config = api.create_host_config(binds=binds, **FALLBACK_OPTIONS)
                # What `--security-opt systempaths=unconfined` means; the SDK has no name for it.
                host_config["MaskedPaths"] = []
                host_config["ReadonlyPaths"] = []
            created = api.create_container(
                self.image,
                entrypoint=["dockerd", "--host", f"unix://{SOCKET_DIR}/docker.sock"],
                name=f"{PREFIX}-{self.run_id}-scratch-engine",
                labels=self.labels,
                host_config=host_config,
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
