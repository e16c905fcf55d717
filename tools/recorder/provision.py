"""Provisioning: the base image, the registry, the stand-ins and the sandbox image.

Every image is tagged with a hash of what it is built from, so provisioning again with
nothing changed finds every tag present and does no work.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import docker
import yaml
from docker.errors import APIError, BuildError, NotFound

from recorder.digests import update_with_folder
from recorder.engine import PREFIX, cache_labels, ignore_missing, unset_run_labels
from recorder.errors import EngineError
from recorder.run_scope import RunScope
from recorder.stopping import StopRequest
from recorder.tarball import tar_of

# Shipped inside the package, so `pip install` of the project is enough to record.
IMAGES_DIR = Path(__file__).resolve().parent / "images"
BASE_IMAGE = f"{PREFIX}/base:trixie"
HOST_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
CA_FILE_NAME = "host-ca-certificates.crt"
DEBIAN_TAGS = ("library/debian:trixie", "library/debian:latest")
REGISTRY_ALIAS = "registry"
REGISTRY_PORT = 5000
REGISTRY_DATA = "/var/lib/docker-registry"
HUB_HOST = "registry-1.docker.io"

Log = Callable[[str], None]


@dataclass(frozen=True)
class Provisioned:
    """What a run needs: the sandbox image, the registry with its data, and image origins."""

    sandbox_image: str
    registry_image: str
    origins: dict[str, str]


@dataclass(frozen=True)
class Source:
    """An image the tutorial pulls: where it comes from and the names it is pushed as."""

    image: str
    targets: tuple[str, ...]
    origin: str


def provision(scope: RunScope, log: Log = lambda _: None, images_dir: Path = IMAGES_DIR) -> Provisioned:
    """Make sure every image exists; build or push only what is missing.

    Temporary containers are made inside the run's scope, so they go with the run whatever happens.
    """
    client = scope.client
    assert client is not None, "the scope is connected before provisioning"
    base = ensure_base(client, log, scope.stop)
    registry_image = ensure_built(client, "registry", images_dir / "registry", base, log)
    sandbox_image = ensure_built(client, "sandbox", images_dir / "sandbox", base, log)
    sources = tutorial_sources(client, base, log, images_dir / "standins")
    data_image = ensure_registry_data(scope, registry_image, sandbox_image, sources, log)
    origins = {target.removeprefix("library/"): source.origin for source in sources for target in source.targets}
    return Provisioned(sandbox_image=sandbox_image, registry_image=data_image, origins=origins)


def hub_reachable() -> bool:
    """Whether Docker Hub answers at all; on machines without it we build stand-ins instead."""
    try:
        socket.create_connection((HUB_HOST, 443), timeout=3).close()
    except OSError:
        return False
    return True


def ensure_base(client: docker.DockerClient, log: Log, stop: StopRequest) -> str:
    """debian:trixie as our base: pulled where Docker Hub answers, else made with debootstrap."""
    if _image_exists(client, BASE_IMAGE):
        return BASE_IMAGE
    if hub_reachable():
        log("pulling debian:trixie for the base image")
        image = client.images.pull("debian", tag="trixie")
        image.tag(BASE_IMAGE)
        return BASE_IMAGE
    log("Docker Hub unreachable: making the base image with debootstrap")
    _debootstrap_base(client, stop)
    return BASE_IMAGE


def _debootstrap_base(client: docker.DockerClient, stop: StopRequest) -> None:
    if shutil.which("debootstrap") is None or os.geteuid() != 0:
        raise EngineError("cannot make the base image: debootstrap needs root and the debootstrap package")
    mirror = debian_mirror()
    root = tempfile.mkdtemp(prefix="tutorial-base-")
    try:
        result = stop.run(["debootstrap", "--variant=minbase", "trixie", root, mirror], text=True)
        if result.returncode != 0:
            tail = "\n".join(result.stdout.splitlines()[-5:] + result.stderr.splitlines()[-5:])
            raise EngineError(f"debootstrap of trixie from {mirror} failed:\n{tail}")
        tar = stop.popen(["tar", "-C", root, "-c", "."], stdout=subprocess.PIPE)
        assert tar.stdout is not None
        try:
            repository, tag = BASE_IMAGE.split(":")
            label = " ".join(f'{key}="{value}"' for key, value in cache_labels().items())
            client.api.import_image_from_stream(
                tar.stdout, repository=repository, tag=tag, changes=['CMD ["bash"]', f"LABEL {label}"]
            )
            tar.wait()
        finally:
            stop.forget(tar)
    finally:
        _remove_unless_mounted(Path(root))


def _remove_unless_mounted(root: Path) -> None:
    """Remove debootstrap's target, unless something is still mounted in it.

    debootstrap mounts /proc and /sys in its target and unmounts them as it exits, also on
    SIGTERM; were it killed before that, removing the tree would reach into the host's /proc
    and /sys, so the folder is left instead.
    """
    mounts = Path("/proc/self/mounts").read_text(encoding="utf-8").splitlines()
    if any(fields[1].startswith(f"{root}/") for line in mounts if len(fields := line.split()) > 1):
        return
    shutil.rmtree(root, ignore_errors=True)


def debian_mirror(sources_dir: Path = Path("/etc/apt")) -> str:
    """The Debian mirror named in the host's apt sources (deb822 or one-line format)."""
    candidates: list[str] = []
    files = sorted((sources_dir / "sources.list.d").glob("*.sources")) + [sources_dir / "sources.list"]
    files += sorted((sources_dir / "sources.list.d").glob("*.list"))
    for path in files:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        candidates += re.findall(r"^URIs:\s*(\S+)", text, flags=re.MULTILINE)
        candidates += re.findall(r"^deb\s+(?:\[[^\]]*\]\s+)?(\S+)", text, flags=re.MULTILINE)
    for uri in candidates:
        if "debian" in uri and "security" not in uri:
            return uri
    return "http://deb.debian.org/debian"


def context_hash(folder: Path, base_id: str, extra: dict[str, bytes]) -> str:
    """A short hash of a build context and its base, so a changed Dockerfile means a new tag."""
    digest = hashlib.sha256(base_id.encode())
    update_with_folder(digest, folder)
    for name in sorted(extra):
        digest.update(name.encode() + b"\0" + extra[name])
    return digest.hexdigest()[:16]


def ensure_built(
    client: docker.DockerClient,
    name: str,
    folder: Path,
    base: str,
    log: Log,
    extra: dict[str, bytes] | None = None,
) -> str:
    """Build folder's Dockerfile on base unless an image of the same inputs exists."""
    extra = extra or {}
    base_id = client.images.get(base).id
    tag = f"{PREFIX}/{name}:{context_hash(folder, base_id, extra)}"
    if _image_exists(client, tag):
        return tag
    log(f"building {name} image")
    try:
        client.images.build(
            fileobj=io.BytesIO(tar_of(folder, extra)),
            custom_context=True,
            tag=tag,
            buildargs={"BASE_IMAGE": base},
            labels=cache_labels(),
            rm=True,
            forcerm=True,
            pull=False,
        )
    except BuildError as error:
        lines = [entry.get("stream", "") for entry in error.build_log if isinstance(entry, dict)]
        tail = "".join(lines).strip().splitlines()[-8:]
        raise EngineError(f"building the {name} image failed: {error.msg}\n" + "\n".join(tail)) from None
    return tag


def tutorial_sources(client: docker.DockerClient, base: str, log: Log, standins_dir: Path) -> list[Source]:
    """The images pages pull: official ones where Docker Hub answers, stand-ins elsewhere."""
    standins = yaml.safe_load((standins_dir / "images.yml").read_text(encoding="utf-8")) or {}
    online = hub_reachable()
    sources = [Source(base, DEBIAN_TAGS, "official" if online else "stand-in (debootstrap of Debian trixie)")]
    extra = {CA_FILE_NAME: HOST_CA_BUNDLE.read_bytes()} if HOST_CA_BUNDLE.is_file() else {}
    for name, targets in standins.items():
        targets = tuple(targets)
        if online:
            official = _pull_official(client, targets[0], log)
            if official:
                sources.append(Source(official, targets, "official"))
                continue
        image = ensure_built(client, f"standin-{name}", standins_dir / name, base, log, extra)
        sources.append(Source(image, targets, "stand-in (built from Debian trixie packages)"))
    return sources


def _pull_official(client: docker.DockerClient, target: str, log: Log) -> str | None:
    reference = target.removeprefix("library/")
    repository, _, tag = reference.partition(":")
    try:
        log(f"pulling official {reference}")
        client.images.pull(repository, tag=tag or "latest")
    except APIError:
        return None
    return reference


def ensure_registry_data(
    scope: RunScope,
    registry_image: str,
    pusher_image: str,
    sources: list[Source],
    log: Log,
) -> str:
    """An image of the registry holding every tutorial image, made by pushing them once.

    `docker commit` copies the registry container's labels into the image, so the run's labels
    are set empty there: a user's container from this image is never taken for a run's.
    """
    client = scope.client
    assert client is not None
    digest = hashlib.sha256(client.images.get(registry_image).id.encode())
    for source in sources:
        digest.update(client.images.get(source.image).id.encode() + "".join(source.targets).encode())
    tag = f"{PREFIX}/registry-data:{digest.hexdigest()[:16]}"
    if _image_exists(client, tag):
        return tag
    log("pushing the tutorial's images into the local registry")
    with _temporary_registry(scope, registry_image, pusher_image) as (registry, pusher):
        for source in sources:
            _push(scope, pusher, source)
        registry.stop(timeout=10)
        labels = {**cache_labels(), **unset_run_labels()}
        registry.commit(repository=tag.split(":")[0], tag=tag.split(":")[1], conf={"Labels": labels})
    return tag


@contextmanager
def _temporary_registry(
    scope: RunScope, registry_image: str, pusher_image: str
) -> Iterator[tuple[docker.models.containers.Container, docker.models.containers.Container]]:
    """A registry and a pusher on a network of their own, all labelled as the run's, removed after use."""
    client = scope.client
    assert client is not None
    name = f"{PREFIX}-{scope.run_id}-provision"
    try:
        with scope.creating():
            network = client.networks.create(name, labels=scope.labels)
        with scope.creating():
            registry = start_registry(client, registry_image, network.name, f"{name}-registry", scope.labels, None)
        with scope.creating():
            pusher = client.containers.run(
                pusher_image,
                entrypoint=["sleep", "infinity"],
                detach=True,
                network=network.name,
                name=f"{name}-pusher",
                labels=scope.labels,
            )
        yield registry, pusher
    finally:
        if not scope.stop.requested:  # after a stop, the run's cleanup removes them all at once
            for container in (f"{name}-pusher", f"{name}-registry"):
                ignore_missing(lambda c=container: client.api.remove_container(c, force=True, v=True))
            ignore_missing(lambda: client.api.remove_network(name))


def start_registry(
    client: docker.DockerClient, image: str, network: str, name: str, labels: dict[str, str], volume: str | None
) -> docker.models.containers.Container:
    """Start a registry reachable as `registry:5000` on network, and on no host port."""
    volumes = {volume: {"bind": REGISTRY_DATA, "mode": "rw"}} if volume else None
    return client.containers.run(
        image,
        detach=True,
        name=name,
        labels=labels,
        network=network,
        volumes=volumes,
        networking_config={network: client.api.create_endpoint_config(aliases=[REGISTRY_ALIAS])},
    )


def _push(scope: RunScope, pusher: docker.models.containers.Container, source: Source) -> None:
    """Copy an image from the host engine into the registry with skopeo, under every target."""
    env = scope.endpoint_environment()
    save = scope.stop.popen(["docker", "save", source.image], stdout=subprocess.PIPE, env=env)
    try:
        load = scope.stop.run(
            ["docker", "exec", "-i", pusher.name, "sh", "-c", "cat > /tmp/image.tar"], stdin=save.stdout, env=env
        )
        save.wait()
    finally:
        scope.stop.forget(save)
    if save.returncode or load.returncode:
        raise EngineError(f"copying {source.image} to the registry failed: {load.stderr.decode().strip()}")
    for target in source.targets:
        code, output = pusher.exec_run(
            [
                "skopeo",
                "copy",
                "--quiet",
                "--dest-tls-verify=false",
                "docker-archive:/tmp/image.tar",
                f"docker://{REGISTRY_ALIAS}:{REGISTRY_PORT}/{target}",
            ]
        )
        if code:
            raise EngineError(f"pushing {source.image} as {target} failed: {output.decode().strip()}")
    pusher.exec_run(["rm", "-f", "/tmp/image.tar"])


def _image_exists(client: docker.DockerClient, reference: str) -> bool:
    try:
        client.images.get(reference)
    except NotFound:  # ImageNotFound included
        return False
    return True
