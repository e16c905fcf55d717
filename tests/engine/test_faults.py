"""Faults during a run: each ends with one clear message, outputs untouched, nothing left behind.

Every recorder here is started with SIGINT at its default (see conftest.start_recorder), so the
tests pass however the test run itself was started; one test starts it with SIGINT ignored on
purpose, as a shell without job control starts `recorder record &`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import docker
import pytest

from helpers.engine_proxy import EngineProxy
from helpers.pages import snippet_files, write_page
from helpers.recorder_cli import (
    EXIT_SECONDS,
    finish,
    processes_naming,
    run_recorder,
    start_recorder,
    stop_signals_at_default,
)
from recorder import engine
from recorder.provision.images import IMAGES_DIR


def _recorded_page(root: Path) -> Path:
    """A recorded page whose second snippet then hangs."""
    write_page(root, "tiny", {"a": "echo before", "b": "echo second"}, options="b:\n  timeout: 600\n")
    result = run_recorder(root, "record")
    assert result.returncode == 0, result.stderr
    (root / "snippets/tiny/b.sh").write_text("sleep 600\n")
    return root


def _hanging_sandbox(client: docker.DockerClient, root: Path, timeout: float = 120) -> dict:
    """Wait until the page's sandbox runs `sleep 600`: the run is in the middle of a snippet."""
    deadline = time.monotonic() + timeout
    project = engine.project_key(root)
    while time.monotonic() < deadline:
        for container in client.api.containers(filters={"label": f"{engine.PROJECT_LABEL}={project}"}):
            if container["Names"][0].endswith("-tiny"):
                code, _ = client.containers.get(container["Id"]).exec_run(["pgrep", "-f", "sleep 600"])
                if code == 0:
                    return container
        time.sleep(0.3)
    raise AssertionError("the run never reached its hanging snippet")


def _signal_and_finish(process: subprocess.Popen[str], root: Path, signum: int) -> tuple[float, str]:
    sent = time.monotonic()
    process.send_signal(signum)
    result = finish(process, root, timeout=60)
    return time.monotonic() - sent, result.stderr


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_mid_snippet_cleans_up_and_keeps_outputs(client, tmp_path: Path, signum: int) -> None:
    root = _recorded_page(tmp_path)
    before = snippet_files(root)
    process = start_recorder(root, "record", "--all")
    _hanging_sandbox(client, root)
    seconds, stderr = _signal_and_finish(process, root, signum)
    assert process.returncode == -signum, stderr
    assert seconds < EXIT_SECONDS
    name = signal.Signals(signum).name
    assert stderr.strip().splitlines()[-1] == (
        f"interrupted: by {name}: removed everything the run made on the engine; outputs unchanged"
    )
    assert snippet_files(root) == before
    assert engine.leftovers(client, engine.project_key(root)) == []


def test_sigint_ignored_from_birth_stays_ignored_and_sigterm_stops(client, tmp_path: Path) -> None:
    """As POSIX asks of a background job: SIGINT ignored by the parent stays ignored; SIGTERM works."""
    root = _recorded_page(tmp_path)
    before = snippet_files(root)
    process = start_recorder(root, "record", "--all", before_exec=_sigint_ignored)
    sandbox = _hanging_sandbox(client, root)
    process.send_signal(signal.SIGINT)
    time.sleep(3)
    assert process.poll() is None, "an ignored SIGINT stopped the recorder"
    code, _ = client.containers.get(sandbox["Id"]).exec_run(["pgrep", "-f", "sleep 600"])
    assert code == 0, "an ignored SIGINT ended the running snippet"
    seconds, stderr = _signal_and_finish(process, root, signal.SIGTERM)
    assert process.returncode == -signal.SIGTERM, stderr
    assert seconds < EXIT_SECONDS
    assert stderr.strip().splitlines()[-1].startswith("interrupted: by SIGTERM: removed everything")
    assert snippet_files(root) == before
    assert engine.leftovers(client, engine.project_key(root)) == []


def test_engine_that_goes_away_mid_run_fails_the_page_and_is_waited_for(client, tmp_path: Path) -> None:
    root = _recorded_page(tmp_path / "project")
    before = snippet_files(root)
    proxy = EngineProxy(tmp_path / "engine.sock")
    try:
        process = start_recorder(root, "record", "--all", env={**os.environ, "DOCKER_HOST": proxy.docker_host})
        _hanging_sandbox(client, root)
        proxy.cut()
        # The page's shell breaks; the page asks the engine whether it still answers: it does not.
        assert proxy.wait_for_refused_ping(timeout=60), proxy.refused_requests
        proxy.restore()
        result = finish(process, root, timeout=120)
    finally:
        proxy.close()
    assert result.returncode == 1, result.stderr
    assert "FAILED tiny: tiny/b: the Docker engine stopped answering" in result.stderr
    assert snippet_files(root) == before
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


def test_sigkill_mid_page_then_the_next_run_of_another_checkout_removes_everything(client, tmp_path: Path) -> None:
    root = _recorded_page(tmp_path / "killed")
    process = start_recorder(root, "record", "--all")
    sandbox = _hanging_sandbox(client, root)
    run_id = sandbox["Labels"][engine.RUN_LABEL]
    process.kill()
    process.communicate()
    left = {str(obj) for obj in engine.run_objects(client, run_id=run_id)}
    assert f"container {sandbox['Names'][0].lstrip('/')}" in left and f"container {engine.lease_name(run_id)}" in left
    assert _lease_stops(client, run_id), "the killed run's lease is still running"
    assert processes_naming(sandbox["Names"][0].lstrip("/")) == [], "the killed run's docker exec outlived it"

    other = write_page(tmp_path / "other", "other", {"a": "echo other"})
    result = run_recorder(other, "record")
    assert result.returncode == 0, result.stderr
    assert f"whose recorder ended without cleaning up: {run_id}" in result.stderr
    assert engine.run_objects(client, run_id=run_id) == []
    assert engine.leftovers(client, engine.project_key(other)) == []


def test_two_checkouts_recording_at_once_both_pass(client, tmp_path: Path) -> None:
    """Each run clears dead runs as it starts; a live run of another checkout is not one of them."""
    roots = [
        write_page(tmp_path / name, name, {"a": f"echo {name}", "b": "docker version --format '{{.Client.Os}}'"})
        for name in ("left", "right")
    ]
    processes = [start_recorder(root, "record") for root in roots]
    results = [finish(process, root, timeout=600) for process, root in zip(processes, roots, strict=True)]
    for root, result in zip(roots, results, strict=True):
        assert result.returncode == 0, result.stderr
        name = root.name
        assert (root / "snippets" / name / "a.out").read_text() == f"{name}\n"
        assert engine.leftovers(client, engine.project_key(root)) == []


def test_an_unexpected_error_fails_its_page_alone_in_one_line(client, tmp_path: Path) -> None:
    root = write_page(tmp_path, "good", {"a": "echo good"})
    write_page(root, "bad", {"a": "echo bad"})
    (root / "snippets/bad/a.out").mkdir()  # writing the output fails with an OSError
    (root / "snippets/bad/a.out/keep").write_text("")
    result = run_recorder(root, "record")
    assert result.returncode == 1, result.stderr
    failed = [line for line in result.stderr.splitlines() if line.startswith("FAILED")]
    assert failed == [
        f"FAILED bad: IsADirectoryError: [Errno 21] Is a directory: '{root / 'snippets/bad/.a.out.tmp'}' -> "
        f"'{root / 'snippets/bad/a.out'}' (--verbose shows the traceback)"
    ]
    assert "Traceback" not in result.stderr
    assert "recorded good: 1 snippets" in result.stderr
    assert (root / "snippets/good/a.out").read_text() == "good\n"
    assert sorted(p.name for p in (root / "snippets/bad").iterdir()) == ["a.out", "a.sh"]
    assert engine.leftovers(client, engine.project_key(root)) == []

    verbose = run_recorder(root, "record", "--verbose")
    assert verbose.returncode == 1
    assert "Traceback (most recent call last)" in verbose.stderr and "IsADirectoryError" in verbose.stderr


def test_a_missing_docker_command_fails_each_page_in_one_line(client, tmp_path: Path) -> None:
    root = write_page(tmp_path, "one", {"a": "echo one"})
    write_page(root, "two", {"a": "echo two"})
    empty = tmp_path / "no-docker-here"
    empty.mkdir()
    result = run_recorder(root, "record", env={**os.environ, "PATH": str(empty)})
    assert result.returncode == 1, result.stderr
    failed = sorted(line for line in result.stderr.splitlines() if line.startswith("FAILED"))
    assert [line.split(":", 1)[0] for line in failed] == ["FAILED one", "FAILED two"]
    assert all("docker" in line and "not found" in line for line in failed), failed
    assert engine.leftovers(client, engine.project_key(root)) == []


def _sigint_ignored() -> None:
    stop_signals_at_default()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _lease_stops(client: docker.DockerClient, run_id: str, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.api.inspect_container(engine.lease_name(run_id))["State"]["Status"] != "running":
            return True
        time.sleep(0.2)
    return False
