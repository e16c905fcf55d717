"""A warm run needs no network: with every image cached, nothing asks Docker Hub or the Debian
mirror, so a check passes on a machine that reaches neither (here: a network namespace of its
own, with no interface but a loopback that is down; the engine's Unix socket is still there)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from helpers.recorder_cli import run_recorder
from recorder import engine

NO_NETWORK = ["unshare", "--net"]


def test_a_warm_check_passes_with_no_network_at_all(client, site_copy) -> None:
    if shutil.which("unshare") is None:
        pytest.fail("util-linux's unshare is needed to take the network away")
    probe = subprocess.run([*NO_NETWORK, "getent", "hosts", "deb.debian.org"], capture_output=True, check=False)
    assert probe.returncode != 0, "the namespace still resolves names: it is not offline"
    root = site_copy("installation")
    result = run_recorder(root, "check", "--page", "installation", wrapper=NO_NETWORK)
    assert result.returncode == 0, result.stderr
    assert "ok installation:" in result.stderr and "check passed" in result.stderr
    assert engine.leftovers(client, engine.project_key(root)) == []
