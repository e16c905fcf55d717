"""Shared fixtures: temporary projects to record into, and the recorder run as a user would run it."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import docker
import pytest

from recorder import engine
from recorder.engine_run import engine_run
from recorder.provision import Provisioned
from recorder.run_scope import RunScope
from recorder.sandbox import RunEnvironment
from recorder.stopping import StopRequest

ROOT = Path(__file__).resolve().parent.parent
# Fixtures shared by every module, defined once: the built site and its server, and the browser.
pytest_plugins = ["site_server", "browser_support"]
# Long enough for a thread dump to reach stderr after SIGUSR1.
DUMP_SECONDS = 3
REMOVAL_SECONDS = 120


def command_block(page: str, name: str) -> str:
    return f'``` {{ .bash .command }}\n--8<-- "{page}/{name}.sh"\n```\n'


def output_block(page: str, name: str) -> str:
    return f'--8<-- "{page}/{name}.html"\n'


def write_page(root: Path, page: str, snippets: dict[str, str], options: str = "", with_outputs: bool = True) -> Path:
    """Write a small page with the given snippets (name -> command) into the project at root."""
    docs = root / "docs"
    folder = root / "snippets" / page
    folder.mkdir(parents=True, exist_ok=True)
    docs.mkdir(exist_ok=True)
    blocks = [f"# {page}\n"]
    for name, command in snippets.items():
        (folder / f"{name}.sh").write_text(command + "\n")
        blocks.append(command_block(page, name))
        if with_outputs:
            blocks.append(output_block(page, name))
    (docs / f"{page}.md").write_text("\n".join(blocks))
    if options:
        (folder / "options.yml").write_text(options)
    return root


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


def stop_signals_at_default() -> None:
    """The recorder reacts to SIGINT and SIGHUP however this test run was started.

    A background job of a shell without job control inherits SIGINT ignored, and `nohup`
    SIGHUP; the recorder keeps such a signal ignored, on purpose.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def start_recorder(
    root: Path, *args: str, env: dict[str, str] | None = None, before_exec: Callable[[], None] = stop_signals_at_default
) -> subprocess.Popen[str]:
    """Start the recorder's CLI as a user would, with SIGINT and SIGHUP at their default unless told otherwise."""
    return subprocess.Popen(
        [sys.executable, "-m", "recorder.cli", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=before_exec,
    )


def finish(process: subprocess.Popen[str], root: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """Wait for a started recorder; one that hangs has its threads dumped, is killed, and its objects removed."""
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stacks = kill_and_clean(process, root)
        pytest.fail(f"the recorder did not finish within {timeout:.0f}s; its threads and output:\n{stacks}")
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def kill_and_clean(process: subprocess.Popen[str], root: Path) -> str:
    """Dump the recorder's threads (SIGUSR1), kill it, remove whatever its runs made; returns its stderr."""
    process.send_signal(signal.SIGUSR1)
    time.sleep(DUMP_SECONDS)
    process.kill()
    _, stderr = process.communicate()
    client = engine.connect()
    engine.remove_run_objects(client, time.monotonic() + REMOVAL_SECONDS, project=engine.project_key(root))
    return stderr


def run_recorder(
    root: Path, *args: str, timeout: float = 900, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the recorder's CLI as a user would, capturing what it prints."""
    return finish(start_recorder(root, *args, env=env), root, timeout)


@pytest.fixture(scope="module")
def private_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """DOCKER_HOST of an engine of our own, where a test may remove anything: a sandbox's inner engine.

    The sandbox is started with the recorder's own classes, in a run of its own (so it goes with
    that run whatever happens), and reached through /proc/PID/root of its init: the tests run as
    root beside the engine. Only debian:trixie (our base, from the run's registry) is in it.
    """
    client = engine.connect()
    assert run_recorder(ROOT, "provision", timeout=1800).returncode == 0
    root = tmp_path_factory.mktemp("private-engine")
    scope = RunScope(engine.project_key(root), StopRequest())
    with engine_run(scope, 4, lambda line: None) as provisioned:
        env = RunEnvironment(scope, provisioned).start()
        with env.sandbox("private-engine", None) as sandbox:
            code, output = sandbox.exec(["docker", "pull", "--quiet", "debian:trixie"])
            assert code == 0, output
            pid = env.client.api.inspect_container(sandbox.name)["State"]["Pid"]
            # /run, not /var/run: that is an absolute symlink, which would lead back to the host's socket.
            host = f"unix:///proc/{pid}/root/run/docker.sock"
            inner = docker.DockerClient(base_url=host).info()
            assert inner["ID"] != client.info()["ID"] and inner["Name"] == "sandbox", "not the sandbox's engine"
            yield host


def provisioned_images() -> Provisioned:
    """What provisioning gives (every image exists already, so this only finds them), in a run of its own."""
    scope = RunScope(engine.project_key(ROOT), StopRequest())
    with engine_run(scope, 4, lambda line: None) as provisioned:
        return provisioned
