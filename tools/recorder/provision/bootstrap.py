"""Debian base images: pulled from Docker Hub where asked, else made with mmdebstrap.

mmdebstrap, Debian's successor to debootstrap, fetches with apt: it makes a minimal Debian
two to three times faster than debootstrap here (21 s against 40 s for forky), needs no
per-suite script for a suite newer than the host, leaves out apt's lists and caches as the
official image does, and takes the apt option a frozen mirror needs. It writes a tarball
to its stdout, which `docker import` reads as it comes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import docker
from docker.errors import NotFound

from recorder.errors import EngineError
from recorder.naming import Naming
from recorder.provision.plan import Cancelled, Log, stop_if_cancelled
from recorder.stopping import die_with_parent

DEFAULT_MIRROR = "http://deb.debian.org/debian"
# A frozen copy of testing is past its Release file's Valid-Until; apt refuses it without this.
IGNORE_VALID_UNTIL = 'Acquire::Check-Valid-Until "false"'
# Like the official images: dpkg does not fsync every file it unpacks in a throwaway build.
DPKG_UNSAFE_IO = "force-unsafe-io"
# Like the official images' /etc/apt/apt.conf.d/docker-*: apt keeps no package caches and no
# downloaded packages, so an `apt-get install` layer holds only what it installs (without
# this, each stand-in carried some 80 MB of caches), and fetches no translations.
_CLEAN = '"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true";'
APT_DOCKER_CONFIG = f"""\
DPkg::Post-Invoke {{ {_CLEAN} }};
APT::Update::Post-Invoke {{ {_CLEAN} }};
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::Languages "none";
"""
PULLED_TAG = "docker-hub"
# Experimental holds only packages newer than unstable's, so it is made as sid with experimental
# as a second source: `apt-get install -t experimental PACKAGE` takes a package from it (Docker
# Hub's debian:experimental is made the same way).
ADD_ON_SUITES = {"experimental": "sid"}
STOP_PATIENCE = 10.0
# What the official debian image's configuration says, so builds on it may extend PATH.
IMAGE_CHANGES = ('CMD ["bash"]', "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")


def base_repository(naming: Naming, suite: str) -> str:
    return naming.image(f"base-{suite}")


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
            return uri.rstrip("/")
    return DEFAULT_MIRROR


def release_expired(release: str, now: datetime) -> bool:
    """Whether a suite's Release file says it is no longer valid (a frozen mirror of testing)."""
    match = re.search(r"^Valid-Until:\s*(.+?)\s*$", release, flags=re.MULTILINE)
    return match is not None and parsedate_to_datetime(match.group(1)) < now


def fetch_release(mirror: str, suite: str) -> str:
    url = f"{mirror}/dists/{suite}/Release"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body: bytes = response.read()
            return body.decode("utf-8", errors="replace")
    except OSError as error:
        raise EngineError(f"cannot read {url} to make the {suite} base image: {error}") from None


def bootstrap_command(suite: str, mirror: str, expired: bool) -> list[str]:
    """The mmdebstrap command writing a minimal `suite` as a tarball to stdout.

    Options given with --aptopt and --dpkgopt stay in the image, so later `apt-get update`
    runs in builds on it accept the same frozen mirror.
    """
    command = ["mmdebstrap", "--quiet", "--variant=minbase", f"--dpkgopt={DPKG_UNSAFE_IO}"]
    if expired:
        command.append(f"--aptopt={IGNORE_VALID_UNTIL}")
    config = shlex.quote(APT_DOCKER_CONFIG)
    # The hook runs before mmdebstrap's own clean-up, which no longer finds apt's caches
    # once the configuration names none: they go here.
    command.append(
        f'--customize-hook=printf %s {config} > "$1/etc/apt/apt.conf.d/docker-clean" && rm -f "$1"/var/cache/apt/*.bin'
    )
    base = ADD_ON_SUITES.get(suite, suite)
    add_on = [f"deb {mirror} {suite} main"] if base != suite else []
    return command + [base, "-", mirror, *add_on]


def bootstrapped_tag(naming: Naming, suite: str, mirror: str) -> str:
    """The same recipe (suite, mirror, options) gives the same tag, so it is made once.

    Whether the mirror's Release has expired is left out: it is known only by asking the
    mirror, and a cached base must be found without the network.
    """
    recipe = shlex.join(bootstrap_command(suite, mirror, expired=False))
    return f"{base_repository(naming, suite)}:{hashlib.sha256(recipe.encode()).hexdigest()[:16]}"


def ensure_base(
    client: docker.DockerClient,
    naming: Naming,
    suite: str,
    pull: Callable[[], bool],
    log: Log,
    cancel: threading.Event,
    env: dict[str, str],
    either_cached: bool = False,
) -> str:
    """debian:SUITE as a base image: pulled from Docker Hub if `pull()`, else made here.

    The cache is looked up first and the network used only for what is missing: with
    `either_cached`, a base cached from either source is taken without asking `pull()` at all.
    `env` is the environment of the `docker import` it runs: the run's one engine address.
    """
    pulled = f"{base_repository(naming, suite)}:{PULLED_TAG}"
    mirror = debian_mirror()
    made = bootstrapped_tag(naming, suite, mirror)
    if either_cached:
        cached = next((tag for tag in (pulled, made) if _exists(client, tag)), None)
        if cached:
            return cached
    if pull():
        if not _exists(client, pulled):
            log(f"pulling debian:{suite} for the {suite} base image")
            for _ in client.api.pull("debian", tag=suite, stream=True, decode=True):
                stop_if_cancelled(cancel)
            client.images.get(f"debian:{suite}").tag(pulled)
        return pulled
    if not _exists(client, made):
        suites = dict.fromkeys([ADD_ON_SUITES.get(suite, suite), suite])
        expired = any(release_expired(fetch_release(mirror, each), datetime.now(UTC)) for each in suites)
        command = bootstrap_command(suite, mirror, expired)
        log(f"making the {suite} base image with mmdebstrap from {mirror}")
        start = time.monotonic()
        _bootstrap(command, made, suite, naming.cache_labels(), cancel, env)
        log(f"made the {suite} base image in {time.monotonic() - start:.1f}s")
    return made


def _bootstrap(
    command: list[str], tag: str, suite: str, labels: dict[str, str], cancel: threading.Event, env: dict[str, str]
) -> None:
    if shutil.which("mmdebstrap") is None:
        raise EngineError(
            "cannot make the base image without Docker Hub: install Debian's mmdebstrap package "
            "(`make engine` does, as root)"
        )
    label = " ".join(f'{key}="{value}"' for key, value in labels.items())
    changes = [option for change in (*IMAGE_CHANGES, f"LABEL {label}") for option in ("--change", change)]
    importer = ["docker", "import", *changes, "--message", f"mmdebstrap --variant=minbase {suite}", "-", tag]
    with tempfile.TemporaryFile() as errors:
        # In a session of its own, so that stopping it reaches apt and dpkg at once; both end
        # (mmdebstrap cleaning up after itself) if the recorder dies, even by SIGKILL.
        maker = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, start_new_session=True, preexec_fn=die_with_parent
        )
        taker = subprocess.Popen(
            importer, stdin=maker.stdout, stdout=subprocess.DEVNULL, stderr=errors, env=env, preexec_fn=die_with_parent
        )
        assert maker.stdout is not None
        maker.stdout.close()  # the importer holds it now; mmdebstrap sees a broken pipe if the import dies
        try:
            while taker.poll() is None or maker.poll() is None:
                if cancel.is_set():
                    raise Cancelled
                time.sleep(0.2)
        finally:
            _stop(maker, taker)
        if maker.returncode or taker.returncode:
            errors.seek(0)
            tail = "\n".join(errors.read().decode(errors="replace").strip().splitlines()[-6:])
            raise EngineError(f"making the {suite} base image failed (`{shlex.join(command)}`):\n{tail}")


def _stop(maker: subprocess.Popen[bytes], taker: subprocess.Popen[bytes]) -> None:
    """End what is still running: politely first, so mmdebstrap unmounts and removes its folder."""
    if maker.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(maker.pid, signal.SIGTERM)
    if taker.poll() is None:
        taker.terminate()
    for process in (maker, taker):
        try:
            process.wait(timeout=STOP_PATIENCE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _exists(client: docker.DockerClient, reference: str) -> bool:
    try:
        client.images.get(reference)
    except NotFound:
        return False
    return True
