"""One engine address: the SDK, the pty session and every `docker` command the recorder starts use it.

Addresses resolved without an engine; engine/test_endpoint_tcp.py records and checks a page
through one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from recorder.engine import endpoint
from recorder.errors import EngineError


def test_docker_host_names_the_endpoint_and_is_passed_on_alone() -> None:
    resolved = endpoint.resolve({"DOCKER_HOST": "tcp://127.0.0.1:2375", "DOCKER_CONTEXT": "elsewhere"})
    assert resolved.host == "tcp://127.0.0.1:2375"
    assert resolved.tls is None
    child = resolved.environment({"PATH": "/bin", "DOCKER_CONTEXT": "elsewhere", "DOCKER_CERT_PATH": "/x"})
    assert child == {"PATH": "/bin", "DOCKER_HOST": "tcp://127.0.0.1:2375"}


def test_without_docker_host_the_default_context_is_the_local_socket(tmp_path: Path) -> None:
    resolved = endpoint.resolve({"DOCKER_CONFIG": str(tmp_path)})
    assert resolved.host == "unix:///var/run/docker.sock"
    assert resolved.environment({}) == {"DOCKER_HOST": "unix:///var/run/docker.sock"}


def test_the_current_context_names_the_endpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A context as `docker context create` and `docker context use` store it."""
    name = "tutorial-elsewhere"
    meta = tmp_path / "contexts" / "meta" / hashlib.sha256(name.encode()).hexdigest()
    meta.mkdir(parents=True)
    endpoints = {"docker": {"Host": "tcp://127.0.0.1:2999", "SkipTLSVerify": False}}
    (meta / "meta.json").write_text(json.dumps({"Name": name, "Metadata": {}, "Endpoints": endpoints}))
    (tmp_path / "config.json").write_text(json.dumps({"currentContext": name}))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))  # the SDK reads contexts from there
    resolved = endpoint.resolve({"DOCKER_CONFIG": str(tmp_path)})
    assert resolved.host == "tcp://127.0.0.1:2999"
    assert resolved.environment({"DOCKER_HOST": "unix:///stale.sock"}) == {"DOCKER_CONTEXT": "tutorial-elsewhere"}


def test_an_unknown_context_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    with pytest.raises(EngineError, match="no Docker context named 'nowhere'"):
        endpoint.resolve({"DOCKER_CONTEXT": "nowhere", "DOCKER_CONFIG": str(tmp_path)})
