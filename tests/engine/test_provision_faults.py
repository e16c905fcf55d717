"""Against the real engine: provisioning stopped by a signal leaves nothing running behind.

Each stop comes at a random moment within the step it targets, and each case runs several
times: once in the middle of a stand-in's build, once in the middle of the push.
"""

from __future__ import annotations

import random
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

import docker
import pytest

from helpers import ROOT
from helpers.recorder_cli import start_recorder
from recorder import engine
from recorder.provision.images import IMAGES_DIR

REPEATS = 3
# Each test finds its run by the one running lease of this checkout: one worker runs them in turn.
pytestmark = pytest.mark.xdist_group("provision-faults")
PROJECT = f"{engine.PROJECT_LABEL}={engine.project_key(ROOT)}"


def _images_with_slow_nginx(tmp_path: Path, marker: str, seconds: int) -> Path:
    """A copy of the image definitions whose nginx stand-in is new and takes a while to build."""
    images = tmp_path / "images"
    shutil.copytree(IMAGES_DIR, images)
    dockerfile = images / "standins" / "nginx" / "Dockerfile"
    text = dockerfile.read_text()
    slow = f"LABEL fault-test={marker}\nRUN sleep {seconds}\n" if seconds else f"LABEL fault-test={marker}\n"
    dockerfile.write_text(text.replace("FROM ${BASE_IMAGE}\n", "FROM ${BASE_IMAGE}\n" + slow, 1))
    return images


def _provision(images: Path) -> subprocess.Popen[str]:
    """Provisioning as a user starts it, with SIGINT at its default however this test run was started."""
    return start_recorder(ROOT, "--images", str(images), "provision")


def _wait_for(condition, what: str, timeout: float = 600) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"provisioning never reached {what}")


def _run_of_this_checkout(client: docker.DockerClient) -> str:
    """The run ID of the provisioning just started: the one running lease of this checkout's runs."""
    found: list[str] = []

    def leased() -> bool:
        leases = client.api.containers(filters={"label": [PROJECT, engine.LEASE_LABEL], "status": "running"})
        found[:] = sorted({lease["Labels"][engine.RUN_LABEL] for lease in leases})
        return len(found) == 1

    _wait_for(leased, "its lease")
    return found[0]


def _assert_nothing_left(client: docker.DockerClient, marker: str, run_id: str) -> None:
    """No build container or step image of ours, and nothing of the stopped run, a little later.
    Listings only (no inspect of each): other tests' objects come and go meanwhile."""
    left: list[str] = []

    def clean() -> bool:
        api = client.api
        builds = [c["Names"][0] for c in api.containers(all=True, filters={"label": f"fault-test={marker}"})]
        steps = [i["Id"] for i in api.images(filters={"label": f"fault-test={marker}", "dangling": True})]
        left[:] = builds + steps + [str(obj) for obj in engine.run_objects(client, run_id=run_id)]
        return not left

    try:
        _wait_for(clean, "a clean engine after the stop", timeout=60)
    except AssertionError:
        raise AssertionError(f"left a minute after the stop: {left}") from None


def _stop(process: subprocess.Popen[str], signum: int) -> str:
    """The recorder ends by the signal it was sent (a shell would show 128 + its number)."""
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == -signum, stderr
    assert stderr.strip().splitlines()[-1].startswith("interrupted:"), stderr
    return stderr


@pytest.mark.parametrize("repeat", range(REPEATS))
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_stopped_in_the_middle_of_a_build(client, tmp_path: Path, signum: int, repeat: int) -> None:
    marker = secrets.token_hex(4)
    process = _provision(_images_with_slow_nginx(tmp_path, marker, seconds=30))
    _wait_for(
        lambda: client.containers.list(filters={"label": f"fault-test={marker}", "status": "running"}),
        "the slow build step",
    )
    run_id = _run_of_this_checkout(client)
    time.sleep(random.uniform(0, 3))
    _stop(process, signum)
    _assert_nothing_left(client, marker, run_id)


@pytest.mark.parametrize("repeat", range(REPEATS))
def test_stopped_in_the_middle_of_the_push(client, tmp_path: Path, repeat: int) -> None:
    marker = secrets.token_hex(4)
    process = _provision(_images_with_slow_nginx(tmp_path, marker, seconds=0))

    run_id = _run_of_this_checkout(client)

    def pushing() -> bool:
        networks = client.api.networks(filters={"label": f"{engine.RUN_LABEL}={run_id}"})
        return any(network["Name"].endswith("-provision") for network in networks)

    _wait_for(pushing, "the push")
    time.sleep(random.uniform(0, 2))
    assert process.poll() is None, "the push ended before the stop: nothing was tested"
    _stop(process, signal.SIGINT)
    _assert_nothing_left(client, marker, run_id)
