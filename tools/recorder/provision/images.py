"""Provisioning: the base images, the registry, the stand-ins and the sandbox image.

Every image is tagged with a hash of what it is built from, so provisioning again with
nothing changed finds every tag present and does no work. What is independent is made in
parallel (see `plan`); afterwards old generations of the cache are removed (see `image_gc`).
"""

from __future__ import annotations

import hashlib
import io
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import docker
from docker.errors import NotFound
from docker.models.containers import Container

from recorder.digests import update_with_folder
from recorder.engine import image_id
from recorder.engine.run_scope import RunScope
from recorder.errors import EngineError
from recorder.naming import Naming
from recorder.origins import OFFICIAL, Origin
from recorder.provision.bootstrap import ensure_base
from recorder.provision.image_gc import remove_stale_images
from recorder.provision.plan import Log, Step, StepResults, StepRun, run_plan, stop_if_cancelled
from recorder.provision.registry import REGISTRY_PORT, temporary_registry
from recorder.provision.sources import (
    AUTO,
    DIFFERENCES_FILE,
    Hub,
    StandIn,
    choose_sources,
    load_catalogue,
    recorded_kinds,
)
from recorder.provision.unfinished_build import remove_step_images, step_killed_when_cancelled
from recorder.sandbox.engines import DEFAULT_ENGINE, ENGINES
from recorder.site.config import PACKAGE_IMAGES
from recorder.tarball import tar_of

HOST_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
CA_FILE_NAME = "host-ca-certificates.crt"
# The local registry (and the run's lease) run on Debian stable's base; each stand-in is built
# on the base of the suite the catalogue names for it.
HOME_SUITE = "trixie"
HUB_HOST = "registry-1.docker.io"
# Builds and pulls mostly wait on the network; this many at once keeps two cores busy.
WORKERS = 6
LEASE_STEP = "lease"


@dataclass(frozen=True)
class Provisioned:
    """What a run needs: the sandbox image, the registry with its data, and image origins."""

    sandbox_image: str
    registry_image: str
    origins: dict[str, Origin]
    engine: str
    base_image: str


@dataclass(frozen=True)
class Source:
    """An image on the host engine and the names it is pushed as to the registry."""

    image: str
    targets: tuple[str, ...]


def provision(
    scope: RunScope,
    log: Log = lambda _: None,
    images_dir: Path = PACKAGE_IMAGES,
    standins_dir: Path | None = None,
    engine: str = DEFAULT_ENGINE,
    image_source: str = AUTO,
    recordings: Mapping[str, Mapping[str, str]] | None = None,
) -> Provisioned:
    """Make sure every image exists, building or pulling only what is missing, in parallel.

    `images_dir` holds the sandbox's and registry's definitions, `standins_dir` the site's
    stand-in catalogue (none: the pages pull nothing but what Docker Hub has).
    `recordings` (page -> recording.yml's `images`) lets `image_source="recorded"` use the
    source each image was recorded with. The run's lease is taken as soon as the first base
    image exists (it runs on it), before anything of the run's is made; temporary objects are
    made inside the run's scope, so they go with the run whatever happens.
    """
    client = scope.client
    assert client is not None, "the scope is connected before provisioning"
    catalogue = load_catalogue(standins_dir) if standins_dir else []
    recorded = recorded_kinds(catalogue, recordings or {})
    hub = Hub(hub_reachable)
    choice = choose_sources([standin.name for standin in catalogue], image_source, hub, recorded)
    if choice.note:
        log(choice.note)
    steps = provisioning_steps(scope, log, images_dir, ENGINES[engine].suite, catalogue, choice.kinds, hub)
    # On a failure or a stop, the run's own cleanup removes the push's registry, even if its step is stuck.
    results = run_plan(steps, WORKERS, scope.stop.raise_if_requested)
    current = {image for image in results.values() if scope.naming.is_cached_image(image)}
    remove_stale_images(client, scope.naming, current, scope.run_id, log)
    origins = {
        reference: standin.origin_of(choice.kinds[standin.name])
        for standin in catalogue
        for reference in standin.references
    }
    return Provisioned(
        sandbox_image=results["sandbox"],
        registry_image=results["registry-data"],
        origins=origins,
        engine=engine,
        base_image=results[base_step(HOME_SUITE)],
    )


def provisioning_steps(
    scope: RunScope,
    log: Log,
    images_dir: Path,
    suite: str,
    catalogue: list[StandIn],
    kinds: Mapping[str, str],
    hub: Hub,
) -> list[Step]:
    """The plan: bases first, then the lease, registry, sandbox and stand-ins side by side, then the push.

    There is one base per Debian suite used: the registry's, the sandbox's (`suite`) and each
    stand-in's. A base that stand-ins are built on is pulled only when debian itself comes
    from Docker Hub, so stand-ins are the same wherever they are built; the sandbox's own base,
    when no stand-in is built on it, is whichever is cached, else pulled where Docker Hub answers.
    """
    client = cast(docker.DockerClient, scope.client)  # connected by the time the steps run (provision checks)
    naming = scope.naming
    env = scope.endpoint_environment()
    home_base = base_step(HOME_SUITE)
    standin_suites = {standin.suite for standin in catalogue if kinds[standin.name] != OFFICIAL}
    debian_pulled = kinds.get("debian") == OFFICIAL

    def take_lease(got: StepResults, _: threading.Event) -> str:
        scope.take_lease(got[home_base], log)
        return ""

    def base(wanted: str) -> Step:
        if wanted in standin_suites or wanted == HOME_SUITE:
            return Step(
                base_step(wanted),
                lambda _, cancel: ensure_base(client, naming, wanted, lambda: debian_pulled, log, cancel, env),
            )
        return Step(
            base_step(wanted),
            lambda _, cancel: ensure_base(client, naming, wanted, hub.answers, log, cancel, env, either_cached=True),
        )

    suites = dict.fromkeys([HOME_SUITE, *sorted(standin_suites), suite])
    steps = [base(each) for each in suites]
    steps += [
        Step(LEASE_STEP, take_lease, needs=(home_base,)),
        Step(
            "registry",
            lambda got, cancel: ensure_built(
                client, naming, "registry", images_dir / "registry", got[home_base], log, cancel
            ),
            needs=(home_base,),
        ),
    ]
    sandbox_base = base_step(suite)
    extra = {CA_FILE_NAME: HOST_CA_BUNDLE.read_bytes()} if HOST_CA_BUNDLE.is_file() else {}
    steps.append(
        Step(
            "sandbox",
            lambda got, cancel: ensure_built(
                client, naming, f"sandbox-{suite}", images_dir / "sandbox", got[sandbox_base], log, cancel, extra
            ),
            needs=(sandbox_base,),
        )
    )
    image_steps = []
    for standin in catalogue:
        if kinds[standin.name] == OFFICIAL:
            image_steps.append(Step(f"image-{standin.name}", _puller(client, standin, log)))
        elif standin.built:
            image_steps.append(
                Step(
                    f"image-{standin.name}",
                    _builder(client, naming, standin, log, extra),
                    needs=(base_step(standin.suite),),
                )
            )
    steps += image_steps
    unbuilt_bases = [base_step(s.suite) for s in catalogue if kinds[s.name] != OFFICIAL and not s.built]
    steps.append(
        Step(
            "registry-data",
            lambda got, cancel: ensure_registry_data(
                scope, got["registry"], _sources(catalogue, kinds, got), log, cancel
            ),
            needs=tuple(
                dict.fromkeys(["registry", LEASE_STEP, home_base, *unbuilt_bases, *(step.name for step in image_steps)])
            ),
        )
    )
    return steps


def base_step(suite: str) -> str:
    """The plan's step (and result) of a suite's base image."""
    return f"base-{suite}"


def _builder(
    client: docker.DockerClient, naming: Naming, standin: StandIn, log: Log, extra: dict[str, bytes]
) -> StepRun:
    def build(got: StepResults, cancel: threading.Event) -> str:
        base = got[base_step(standin.suite)]
        args = {"DEBIAN_SUITE": standin.suite}
        return ensure_built(client, naming, f"standin-{standin.name}", standin.folder, base, log, cancel, extra, args)

    return build


def _puller(client: docker.DockerClient, standin: StandIn, log: Log) -> StepRun:
    def pull(_: StepResults, cancel: threading.Event) -> str:
        for reference in standin.references:
            log(f"pulling official {reference}")
            repository, tag = reference.split(":")
            for _ in client.api.pull(repository, tag=tag, stream=True, decode=True):
                stop_if_cancelled(cancel)
        return ""

    return pull


def _sources(catalogue: list[StandIn], kinds: Mapping[str, str], results: StepResults) -> list[Source]:
    """What goes into the registry: official images tag by tag, a stand-in once under all its tags."""
    sources = []
    for standin in catalogue:
        if kinds[standin.name] == OFFICIAL:
            sources += [Source(ref, (target,)) for ref, target in zip(standin.references, standin.targets, strict=True)]
        elif standin.built:
            sources.append(Source(results[f"image-{standin.name}"], standin.targets))
        else:
            sources.append(Source(results[base_step(standin.suite)], standin.targets))
    return sources


def hub_reachable() -> bool:
    """Whether Docker Hub answers at all; on machines without it we build stand-ins instead."""
    try:
        socket.create_connection((HUB_HOST, 443), timeout=3).close()
    except OSError:
        return False
    return True


def in_build_context(path: Path) -> bool:
    """A stand-in's notes for readers are not part of what it is built from."""
    return path.name != DIFFERENCES_FILE


def context_hash(folder: Path, base_id: str, extra: dict[str, bytes]) -> str:
    """A short hash of a build context and its base, so a changed Dockerfile means a new tag."""
    digest = hashlib.sha256(base_id.encode())
    update_with_folder(digest, folder, skip=lambda path: not in_build_context(path))
    for name in sorted(extra):
        digest.update(name.encode() + b"\0" + extra[name])
    return digest.hexdigest()[:16]


def ensure_built(
    client: docker.DockerClient,
    naming: Naming,
    name: str,
    folder: Path,
    base: str,
    log: Log,
    cancel: threading.Event,
    extra: dict[str, bytes] | None = None,
    build_args: Mapping[str, str] | None = None,
) -> str:
    """Build folder's Dockerfile on base (build argument BASE_IMAGE, with `build_args`) unless
    an image of the same inputs exists."""
    extra = extra or {}
    build_args = {"BASE_IMAGE": base, **(build_args or {})}
    base_id = image_id(client, base)
    arguments = {f"build-arg {key}": value.encode() for key, value in build_args.items() if key != "BASE_IMAGE"}
    tag = f"{naming.image(name)}:{context_hash(folder, base_id, {**extra, **arguments})}"
    if _image_exists(client, tag):
        return tag
    log(f"building {name} image")
    start = time.monotonic()
    stream = client.api.build(
        fileobj=io.BytesIO(tar_of(folder, extra, skip=lambda path: not in_build_context(path))),
        custom_context=True,
        tag=tag,
        buildargs=build_args,
        labels=naming.cache_labels(),
        rm=True,
        forcerm=True,
        pull=False,
        decode=True,
    )
    printed: list[str] = []
    finished = False
    try:
        with step_killed_when_cancelled(client, printed, cancel):
            for chunk in stream:
                stop_if_cancelled(cancel)
                if "error" in chunk:
                    tail = "".join(printed).strip().splitlines()[-8:]
                    raise EngineError(f"building the {name} image failed: {chunk['error'].strip()}\n" + "\n".join(tail))
                printed.append(chunk.get("stream", ""))
            finished = True
    finally:
        stream.close()  # a build left early is cancelled by the engine when its request ends
        if not finished:
            remove_step_images(client, "".join(printed))
    log(f"built {name} image in {time.monotonic() - start:.1f}s")
    return tag


def ensure_registry_data(
    scope: RunScope,
    registry_image: str,
    sources: list[Source],
    log: Log,
    cancel: threading.Event,
) -> str:
    """An image of the registry holding every image the site's pages pull, made by pushing them once.

    `docker commit` copies the registry container's labels into the image, so the run's labels
    are set empty there: a user's container from this image is never taken for a run's.
    """
    client = scope.client
    assert client is not None
    digest = hashlib.sha256(image_id(client, registry_image).encode())
    for source in sources:
        digest.update(image_id(client, source.image).encode() + "".join(source.targets).encode())
    tag = f"{scope.naming.image('registry-data')}:{digest.hexdigest()[:16]}"
    if _image_exists(client, tag):
        return tag
    log("pushing the site's images into the local registry")
    start = time.monotonic()
    with temporary_registry(scope, registry_image) as registry:
        _push_all(scope, registry, sources, cancel)
        registry.stop(timeout=10)
        labels = {**scope.naming.cache_labels(), **scope.naming.unset_run_labels()}
        registry.commit(repository=tag.split(":")[0], tag=tag.split(":")[1], conf={"Labels": labels})
    log(f"pushed {len(sources)} images in {time.monotonic() - start:.1f}s")
    return tag


ARCHIVE = "/tmp/images.tar"


def _push_all(
    scope: RunScope,
    registry: Container,
    sources: list[Source],
    cancel: threading.Event,
) -> None:
    """Copy every image into the registry: one `docker save` (shared layers once), then skopeo.

    The repository pushed first holds the image the stand-ins are built on, so its layers are
    compressed once; the other repositories follow in parallel and find them there. Within a
    repository the tags go one after another: the registry refuses a manifest now and then
    when the same image is pushed to two tags of one repository at once.
    """
    if not sources:  # a site without stand-ins pulls only from Docker Hub: the registry stays empty
        return
    images = list(dict.fromkeys(source.image for source in sources))
    env = scope.endpoint_environment()
    # Its messages are kept for the error below, never left on the recorder's own stderr (the
    # docker CLI says "got 3 SIGTERM/SIGINTs" when a stop ends it).
    with tempfile.TemporaryFile() as save_errors:
        save = scope.stop.popen(["docker", "save", *images], stdout=subprocess.PIPE, stderr=save_errors, env=env)
        try:
            load = scope.stop.run(
                ["docker", "exec", "-i", "--user", "root", str(registry.name), "sh", "-c", f"cat > {ARCHIVE}"],
                stdin=save.stdout,
                env=env,
            )
            save.wait()
        finally:
            scope.stop.forget(save)
        save_errors.seek(0)
        said = (save_errors.read() + load.stderr).decode(errors="replace").strip()
    if save.returncode or load.returncode:
        raise EngineError(f"copying the site's images to the registry failed: {said}")
    by_repository: dict[str, list[tuple[str, str]]] = {}
    for source in sources:
        for target in source.targets:
            by_repository.setdefault(target.rsplit(":", 1)[0], []).append((source.image, target))
    first, *others = by_repository.values()
    _push(registry, first, cancel)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for future in [pool.submit(_push, registry, pushes, cancel) for pushes in others]:
            future.result()
    registry.exec_run(["rm", "-rf", ARCHIVE, "/var/lib/containers"], user="root")


def _push(registry: Container, pushes: list[tuple[str, str]], cancel: threading.Event) -> None:
    for image, target in pushes:
        stop_if_cancelled(cancel)
        code, output = registry.exec_run(
            [
                "skopeo",
                "copy",
                "--quiet",
                "--dest-tls-verify=false",
                "--dest-compress-level=1",
                f"docker-archive:{ARCHIVE}:{image}",
                f"docker://localhost:{REGISTRY_PORT}/{target}",
            ],
            user="root",
        )
        if code:
            raise EngineError(f"pushing {image} as {target} failed: {cast(bytes, output).decode().strip()}")


def _image_exists(client: docker.DockerClient, reference: str) -> bool:
    try:
        client.images.get(reference)
    except NotFound:  # ImageNotFound included
        return False
    return True
