"""The run environment (network and registry) and the per-page Docker-in-Docker sandboxes."""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import cast

import docker
from docker.errors import APIError
from docker.models.containers import Container

from recorder.engine import ENGINE_GONE, ignore_missing
from recorder.engine.run_scope import RunScope
from recorder.errors import EngineError
from recorder.provision.images import Provisioned
from recorder.provision.registry import REGISTRY_ALIAS, REGISTRY_PORT, start_registry
from recorder.sandbox.capabilities import engine_host_config
from recorder.sandbox.engines import ENGINES
from recorder.tarball import tar_of

READY_TIMEOUT = 60.0
SUBNET_TRIES = 20
# Where the kernel withholds capabilities that --privileged asks for, this set runs an inner engine.
# IPv6 on inside the sandbox, as on a reader's machine: the inner engine then publishes ports on
# both address families (`docker port` shows 0.0.0.0:8080 and [::]:8080). Engines switch it off
# in containers on a network without IPv6, such as the run's network.
WITH_IPV6 = {"net.ipv6.conf.all.disable_ipv6": "0", "net.ipv6.conf.default.disable_ipv6": "0"}


class RunEnvironment:
    """A private network with the registry on it, made inside the run's scope, which removes them."""

    def __init__(self, scope: RunScope, provisioned: Provisioned, workdir: str) -> None:
        assert scope.client is not None, "the scope is connected before the environment is made"
        self.scope = scope
        self.client = scope.client
        self.stop = scope.stop
        self.provisioned = provisioned
        # The reader's working directory in every sandbox: the page's files go there, commands run there.
        self.workdir = workdir
        self.run_id = scope.run_id
        self.labels = scope.labels
        self.naming = scope.naming
        self.network = self.naming.object_name(self.run_id)
        self._privileged_works: bool | None = None
        self._probe = threading.Lock()

    def start(self) -> RunEnvironment:
        self._create_network()
        with self.scope.creating():
            volume = self.client.volumes.create(
                self.naming.object_name(self.run_id, "registry-data"), labels=self.labels
            )
        with self.scope.creating():
            start_registry(
                self.client,
                self.provisioned.registry_image,
                self.network,
                self.naming.object_name(self.run_id, "registry"),
                self.labels,
                volume.name,
            )
        return self

    def _create_network(self) -> None:
        """The run's network, on a subnet Docker never picks by default.

        Inside a sandbox, the inner engine chooses subnets for its own networks (a Compose
        project's, say) around the sandbox's address; were the run network on one of Docker's
        default pools, a reader's 172.18.0.1 could show as 172.19.0.1 depending on the host.
        """
        for _ in range(SUBNET_TRIES):
            subnet = f"10.{secrets.randbelow(200) + 50}.{secrets.randbelow(256)}.0/24"
            ipam = docker.types.IPAMConfig(pool_configs=[docker.types.IPAMPool(subnet=subnet)])
            try:
                with self.scope.creating():
                    self.client.networks.create(self.network, labels=self.labels, ipam=ipam)
                return
            except APIError as error:
                if "overlap" not in str(error).lower():
                    raise
        raise EngineError(f"no free subnet for the run's network after {SUBNET_TRIES} tries")

    def sandbox(self, page: str, files: Path | None) -> Sandbox:
        return Sandbox(self, page, files)

    def start_sandbox_container(self, name: str, volume: str) -> Container:
        """Start a sandbox, privileged where the kernel allows it, else with the fallback set.

        The first sandbox finds out which works, under a lock, so parallel pages probe once.
        """
        with self._probe:
            if self._privileged_works is None:
                try:
                    container = self._start(name, volume, privileged=True)
                    self._privileged_works = True
                    return container
                except APIError:
                    self._privileged_works = False
                    ignore_missing(lambda: self.client.api.remove_container(name, force=True, v=True))
        return self._start(name, volume, privileged=self._privileged_works)

    def _start(self, name: str, volume: str, privileged: bool) -> Container:
        api = self.client.api
        binds = {volume: {"bind": "/var/lib/docker", "mode": "rw"}}
        host_config = engine_host_config(api, binds, privileged, network_mode=self.network, sysctls=WITH_IPV6)
        with self.scope.creating():
            created = api.create_container(
                self.provisioned.sandbox_image,
                name=name,
                hostname="sandbox",
                working_dir=self.workdir,  # made at start, so the page's files can be copied there
                labels=self.labels,
                environment={
                    "REGISTRY_MIRROR": f"{REGISTRY_ALIAS}:{REGISTRY_PORT}",
                    "IMAGE_STORE": ENGINES[self.provisioned.engine].store,
                },
                volumes=["/var/lib/docker"],
                host_config=host_config,
            )
            api.start(created["Id"])
        return self.client.containers.get(created["Id"])


class Sandbox:
    """One page's engine: started ready with the page's files, removed with its volume at exit."""

    def __init__(self, env: RunEnvironment, page: str, files: Path | None) -> None:
        self.env = env
        slug = page.replace("/", "-")
        self.name = env.naming.object_name(env.run_id, slug)
        self.files = files
        self._volume = f"{self.name}-engine"

    def __enter__(self) -> Sandbox:
        client = self.env.client
        try:
            with self.env.scope.creating():
                client.volumes.create(self._volume, labels=self.env.labels)
            self.container = self.env.start_sandbox_container(self.name, self._volume)
            if self.files and self.files.is_dir():
                self.container.put_archive(self.env.workdir, tar_of(self.files))
            self._wait_ready()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Remove the sandbox now, to free its memory for the next page; the run's cleanup does the rest.

        Once a stop is requested the shutdown removes everything of the run at once, so this
        does not hold the page's thread.
        """
        if self.env.stop.requested:
            return
        api = self.env.client.api
        for remove in (
            lambda: api.remove_container(self.name, force=True, v=True),
            lambda: api.remove_volume(self._volume, force=True),
        ):
            with contextlib.suppress(*ENGINE_GONE):
                ignore_missing(remove)

    def exec(self, command: list[str]) -> tuple[int, str]:
        code, output = self.container.exec_run(command)  # not streamed: the whole output, and a status
        return (1 if code is None else code), cast(bytes, output).decode("utf-8", errors="replace")

    def _wait_ready(self) -> None:
        """Ready means the inner engine and the registry both answer."""
        probe = [
            "sh",
            "-c",
            f"docker version >/dev/null 2>&1 && curl -sf http://{REGISTRY_ALIAS}:{REGISTRY_PORT}/v2/ >/dev/null",
        ]
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            self._raise_if_stopped()
            try:
                code, _ = self.exec(probe)
            except APIError:  # it stopped between the look and the probe
                self._raise_if_stopped()
                raise
            if code == 0:
                return
            self.env.stop.sleep(0.1)
        _, log = self.exec(["tail", "-5", "/var/log/dockerd.log"])
        raise EngineError(f"sandbox {self.name} was not ready within {READY_TIMEOUT:.0f}s: {log.strip()}")

    def _raise_if_stopped(self) -> None:
        self.container.reload()
        if self.container.status != "running":
            log = self.container.logs(tail=5).decode(errors="replace")
            raise EngineError(f"sandbox {self.name} stopped while starting: {log.strip()}")
