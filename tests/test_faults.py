"""Faults during a run: each ends with one clear message, outputs untouched, nothing left behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docker
import pytest
from engine_proxy import EngineProxy

from conftest import run_recorder
from recorder import engine
from recorder.provision import IMAGES_DIR

pytestmark = [pytest.mark.docker]


@pytest.fixture(scope="module")
def client() -> docker.DockerClient:
    client = engine.connect()
    assert run_recorder(Path.cwd(), "provision", timeout=1800).returncode == 0
    return client


def _recorded_page(make_page) -> Path:
    """A recorded page whose second snippet can be made to hang."""
    root = make_page("tiny", {"a": "echo before", "b": "echo second"}, options="b:\n  timeout: 600\n")
    assert run_recorder(root, "record").returncode == 0
    (root / "snippets/tiny/b.sh").write_text("sleep 600\n")
    return root


def _outputs(root: Path) -> dict[str, str]:
    folder = root / "snippets/tiny"
    return {p.name: p.read_text() for p in folder.iterdir() if p.suffix in (".out", ".yml")}


def _start(root: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "recorder.cli", "--root", str(root), "record", "--all"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _wait_for_hang(client: docker.DockerClient, root: Path) -> None:
    """Wait until the sandbox runs `sleep 600`: the run is in the middle of a snippet."""
    deadline = time.monotonic() + 120
    project = engine.project_key(root)
    while time.monotonic() < deadline:
        for container in client.containers.list(filters={"label": f"{engine.PROJECT_LABEL}={project}"}):
            if container.name.endswith("-tiny"):
                code, output = container.exec_run(["pgrep", "-f", "sleep 600"])
                if code == 0:
                    return
        time.sleep(0.5)
    raise AssertionError("the run never reached its hanging snippet")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_during_record_cleans_up_and_keeps_outputs(client, make_page, signum: int) -> None:
    root = _recorded_page(make_page)
    before = _outputs(root)
    process = _start(root)
    _wait_for_hang(client, root)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip().splitlines()[-1].startswith("interrupted: everything the run made has been removed")
    assert _outputs(root) == before
    assert engine.leftovers(client, engine.project_key(root)) == []


def test_engine_unreachable_mid_run(client, make_page, tmp_path: Path) -> None:
    root = _recorded_page(make_page)
    before = _outputs(root)
    proxy = EngineProxy(tmp_path / "engine.sock")
    proxy.restore()
    process = _start(root, {"DOCKER_HOST": proxy.docker_host})
    try:
        _wait_for_hang(client, root)
        proxy.cut()
        time.sleep(3)  # the engine is away for a moment, as during a restart
        proxy.restore()
        _, stderr = process.communicate(timeout=90)
    finally:
        proxy.cut()
    assert process.returncode == 1
    assert "tiny/b: the Docker engine stopped answering" in stderr
    assert _outputs(root) == before
    assert engine.leftovers(client, engine.project_key(root)) == []


def test_sandbox_that_fails_to_start(client, make_page, tmp_path: Path) -> None:
    root = make_page("tiny", {"a": "echo a"})
    images = tmp_path / "images"
    shutil.copytree(IMAGES_DIR, images)
    (images / "sandbox" / "start-engine").write_text("#!/bin/sh\necho 'inner engine refuses to start' >&2\nexit 1\n")
    result = run_recorder(root, "--images", str(images), "record")
    assert result.returncode == 1
    assert "stopped while starting" in result.stderr and "inner engine refuses to start" in result.stderr
    assert not (root / "snippets/tiny/a.out").exists()
    assert engine.leftovers(client, engine.project_key(root)) == []
