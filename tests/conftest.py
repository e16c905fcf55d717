"""Fixtures for every tier; helper functions live in the `helpers` package.

Tiers are folders: unit (no engine, browser or network), engine (the recorder against a real
engine, with small pages), site (the tutorial's own pages against the engine), browser
(headless Chromium), stability (the soak: `--soak light` in `make test`, `--soak full` in
`make stability`). Tests that need the engine share one provisioned run for the whole session.
"""

from __future__ import annotations

import fcntl
import secrets
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import docker
import pytest

from helpers import ROOT
from helpers.pages import write_page
from recorder import engine
from recorder.engine.run_scope import RunScope
from recorder.provision.images import Provisioned
from recorder.provision.run import Wanted, engine_run
from recorder.sandbox.environment import RunEnvironment
from recorder.site.config import load_config
from recorder.stopping import StopRequest
from recorder_dev.site_table import write_site_configuration

# Fixtures shared by every module, defined once: the built site and its server, and the browser.
pytest_plugins = ["helpers.site_server", "helpers.browser_support"]
# The session's own run is of a project of its own, so that no test takes its objects for leftovers.
SESSION_PROJECT = engine.project_key(ROOT / "tests")
SOAKS = {"light": (3, 10), "full": (10, 30)}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("stability", "the stability tier (tests/stability)")
    group.addoption(
        "--soak",
        choices=list(SOAKS),
        default="light",
        help="light: 3 whole-site checks and 10 signal trials (make test); full: 10 and 30, the record and "
        "the interrupted bootstrap too (make stability)",
    )
    group.addoption("--signal-seed", type=int, default=None, help="seed of the random signal moments")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "full_soak: only in the full soak (--soak full, make stability)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--soak") == "full":
        return
    skip = pytest.mark.skip(reason="full soak only: make stability")
    for item in items:
        if "full_soak" in item.keywords:
            item.add_marker(skip)


@dataclass(frozen=True)
class Soak:
    """How hard the stability tier pushes: whole-site checks in a row, signal trials, and their seed."""

    whole_site_checks: int
    signal_trials: int
    seed: int


@pytest.fixture(scope="session")
def soak(pytestconfig: pytest.Config) -> Soak:
    checks, trials = SOAKS[pytestconfig.getoption("--soak")]
    seed = pytestconfig.getoption("--signal-seed")
    return Soak(checks, trials, seed if seed is not None else time.time_ns() % 1_000_000)


@pytest.fixture(scope="session")
def engine_session() -> Iterator[RunEnvironment]:
    """One provisioned run for the whole session: every image built or found once, a network and
    a registry to start sandboxes on. Recorder processes the tests start then find every image cached."""
    site = load_config(ROOT)
    scope = RunScope(SESSION_PROJECT, StopRequest(), site.naming)
    with ExitStack() as run:
        with one_worker_provisions_at_a_time():
            provisioned = run.enter_context(engine_run(scope, 8, lambda line: None, Wanted.of(site)))
        yield RunEnvironment(scope, provisioned, site.workdir).start()


@contextmanager
def one_worker_provisions_at_a_time() -> Iterator[None]:
    """xdist's workers are sessions of their own: on a cold cache each would build every image at
    once, three times the work on two cores. The first builds; the others wait, then find it cached."""
    lock = ROOT / "build" / "provisioning.lock"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def provisioned(engine_session: RunEnvironment) -> Provisioned:
    return engine_session.provisioned


@pytest.fixture(scope="session")
def client(engine_session: RunEnvironment) -> docker.DockerClient:
    """A client of the real engine, once every image is provisioned."""
    return engine_session.client


@pytest.fixture
def canary(client: docker.DockerClient, provisioned: Provisioned) -> Iterator[tuple[str, str]]:
    """A container and an image of the user's own, which no run may touch."""
    suffix = secrets.token_hex(3)
    image = f"tutorial-canary-image:{suffix}"
    client.images.get(provisioned.base_image).tag(image)
    container = client.containers.run(
        provisioned.base_image, ["sleep", "infinity"], name=f"tutorial-canary-{suffix}", detach=True
    )
    yield container.name, image
    container.remove(force=True)
    client.images.remove(image)


@pytest.fixture
def make_page(tmp_path: Path) -> Callable[..., Path]:
    """Write a small page with the given snippets (name -> command) into a temporary project."""

    def make(page: str, snippets: dict[str, str], options: str = "", with_outputs: bool = True) -> Path:
        return write_page(tmp_path, page, snippets, options, with_outputs)

    return make


@pytest.fixture
def site_copy(tmp_path: Path) -> Callable[[str], Path]:
    """A temporary copy of one page of the real site, with its snippets and recordings."""

    def copy(page: str) -> Path:
        write_site_configuration(tmp_path)
        (tmp_path / "docs").mkdir()
        shutil.copy(ROOT / "docs" / f"{page}.md", tmp_path / "docs" / f"{page}.md")
        shutil.copytree(ROOT / "snippets" / page, tmp_path / "snippets" / page)
        return tmp_path

    return copy


@pytest.fixture
def repository_copy(tmp_path: Path) -> Path:
    """The repository's files (not .git, build or the venv, which is linked), added to a fresh git repo."""
    copy = tmp_path / "repo"
    ignore = shutil.ignore_patterns(".git", ".venv", "build", "site", "__pycache__", "*.egg-info", ".*_cache")
    shutil.copytree(ROOT, copy, ignore=ignore)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    subprocess.run(["git", "add", "-A"], cwd=copy, check=True)
    return copy


@pytest.fixture(scope="module")
def private_engine(engine_session: RunEnvironment, client: docker.DockerClient) -> Iterator[str]:
    """DOCKER_HOST of an engine of our own, where a test may remove anything: a sandbox's inner engine.

    The sandbox is one of the session run's (so it goes with that run whatever happens), reached
    through /proc/PID/root of its init: the tests run as root beside the engine. Only
    debian:trixie (our base, from the run's registry) is in it.
    """
    with engine_session.sandbox(f"private-engine-{secrets.token_hex(2)}", None) as sandbox:
        code, output = sandbox.exec(["docker", "pull", "--quiet", "debian:trixie"])
        assert code == 0, output
        pid = client.api.inspect_container(sandbox.name)["State"]["Pid"]
        # /run, not /var/run: that is an absolute symlink, which would lead back to the host's socket.
        host = f"unix:///proc/{pid}/root/run/docker.sock"
        inner = docker.DockerClient(base_url=host).info()
        assert inner["ID"] != client.info()["ID"] and inner["Name"] == "sandbox", "not the sandbox's engine"
        yield host
