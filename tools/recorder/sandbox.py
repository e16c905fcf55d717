"""The run environment (network and registry) and the per-page Docker-in-Docker sandboxes."""

from __future__ import annotations

import contextlib
import secrets
import time
from pathlib import Path
from types import TracebackType

import docker
from docker.errors import APIError

from recorder.engine import ENGINE_GONE, PREFIX, RUN_LABEL, new_run_id, remove_run_objects, run_labels
from recorder.errors import EngineError
from recorder.layout import WORKDIR
from recorder.provision import REGISTRY_ALIAS, REGISTRY_PORT, Provisioned, start_registry
from recorder.tarball import tar_of

READY_TIMEOUT = 60.0
CLEANUP_PATIENCE = 30.0
SUBNET_TRIES = 20
# Where the kernel withholds capabilities that --privileged asks for, this set runs an inner engine.
FALLBACK_OPTIONS = {
    "cap_add": ["ALL"],
    "cap_drop": ["SYS_RESOURCE"],
    "security_opt": ["seccomp=unconfined", "apparmor=unconfined"],
}


class _RemovedOnExit:
    """Whatever happens inside the `with` block, `close` removes what was made."""

    def close(self) -> None:
        raise NotImplementedError

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class RunEnvironment(_RemovedOnExit):
    """A private network with the registry on it; removed with everything in it at exit."""

    def __init__(self, client: docker.DockerClient, provisioned: Provisioned, project: str) -> None:
        self.client = client
        self.provisioned = provisioned
        self.run_id = new_run_id()
        self.labels = run_labels(self.run_id, project)
        self.network = f"{PREFIX}-{self.run_id}"
        self._privileged_works: bool | None = None

    def __enter__(self) -> RunEnvironment:
        labels = self.labels
        try:
            self._create_network()
            volume = self.client.volumes.create(f"{PREFIX}-{self.run_id}-registry-data", labels=labels)
            start_registry(self.client, self.provisioned.registry_image, self.network, self.run_id, labels, volume.name)
        except BaseException:
            self.close()
            raise
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
                self.client.networks.create(self.network, labels=self.labels, ipam=ipam)
                return
            except APIError as error:
                if "overlap" not in str(error).lower():
                    raise
        raise EngineError(f"no free subnet for the run's network after {SUBNET_TRIES} tries")

    def close(self) -> None:
        """Remove everything of this run, waiting a while for an engine that stopped answering."""
        deadline = time.monotonic() + CLEANUP_PATIENCE
        while True:
            try:
                remove_run_objects(self.client, self.run_id)
                return
            except ENGINE_GONE as error:
                if time.monotonic() > deadline:
                    raise EngineError(
                        f"the Docker engine stopped answering ({error.__class__.__name__}); objects labelled "
                        f"{RUN_LABEL}={self.run_id} may be left: run `recorder clean` once it answers again"
                    ) from None
                time.sleep(1)

    def sandbox(self, page: str, files: Path | None) -> Sandbox:
        return Sandbox(self, page, files)

    def start_sandbox_container(self, name: str, volume: str) -> docker.models.containers.Container:
        """Start a sandbox, privileged where the kernel allows it, else with the fallback set."""
        if self._privileged_works is not False:
            try:
                container = self._start(name, volume, privileged=True)
                self._privileged_works = True
                return container
            except APIError:
                if self._privileged_works:
                    raise
                self._privileged_works = False
                self.client.containers.get(name).remove(force=True)
        return self._start(name, volume, privileged=False)

    def _start(self, name: str, volume: str, privileged: bool) -> docker.models.containers.Container:
        api = self.client.api
        binds = {volume: {"bind": "/var/lib/docker", "mode": "rw"}}
        if privileged:
            host_config = api.create_host_config(binds=binds, privileged=True, network_mode=self.network)
        else:
            binds["/sys/fs/cgroup"] = {"bind": "/sys/fs/cgroup", "mode": "rw"}
            host_config = api.create_host_config(binds=binds, network_mode=self.network, **FALLBACK_OPTIONS)
            # What `--security-opt systempaths=unconfined` means; the SDK has no name for it.
            host_config["MaskedPaths"] = []
            host_config["ReadonlyPaths"] = []
        created = api.create_container(
            self.provisioned.sandbox_image,
            name=name,
            hostname="sandbox",
            labels=self.labels,
            environment={"REGISTRY_MIRROR": f"{REGISTRY_ALIAS}:{REGISTRY_PORT}"},
            volumes=["/var/lib/docker"],
            host_config=host_config,
        )
        api.start(created["Id"])
        return self.client.containers.get(created["Id"])


class Sandbox(_RemovedOnExit):
    """One page's engine: started ready with the page's files, removed with its volume at exit."""

    def __init__(self, env: RunEnvironment, page: str, files: Path | None) -> None:
        self.env = env
        slug = page.replace("/", "-")
        self.name = f"{PREFIX}-{env.run_id}-{slug}"
        self.files = files
        self._volume = f"{self.name}-engine"

    def __enter__(self) -> Sandbox:
        client = self.env.client
        try:
            client.volumes.create(self._volume, labels=self.env.labels)
            self.container = self.env.start_sandbox_container(self.name, self._volume)
            if self.files and self.files.is_dir():
                self.container.put_archive(WORKDIR, tar_of(self.files))
            self._wait_ready()
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        """Remove the sandbox now; if the engine does not answer, the run's own cleanup retries."""
        client = self.env.client
        for remove in (
            lambda: client.containers.get(self.name).remove(force=True, v=True),
            lambda: client.volumes.get(self._volume).remove(force=True),
        ):
            with contextlib.suppress(docker.errors.NotFound, *ENGINE_GONE):
                remove()

    def exec(self, command: list[str]) -> tuple[int, str]:
        code, output = self.container.exec_run(command)
        return code, output.decode("utf-8", errors="replace")

    def _wait_ready(self) -> None:
        """Ready means the inner engine and the registry both answer."""
        probe = [
            "sh",
            "-c",
            f"docker version >/dev/null 2>&1 && curl -sf http://{REGISTRY_ALIAS}:{REGISTRY_PORT}/v2/ >/dev/null",
        ]
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            self.container.reload()
            if self.container.status != "running":
                log = self.container.logs(tail=5).decode(errors="replace")
                raise EngineError(f"sandbox {self.name} stopped while starting: {log.strip()}")
            code, _ = self.exec(probe)
            if code == 0:
                return
            time.sleep(0.1)
        _, log = self.exec(["tail", "-5", "/var/log/dockerd.log"])
        raise EngineError(f"sandbox {self.name} was not ready within {READY_TIMEOUT:.0f}s: {log.strip()}")
