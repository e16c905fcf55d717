"""One engine address: the SDK, the pty session and every `docker` command the recorder starts use it.

Unit tests resolve addresses without an engine; the integration test records and checks a
page through a TCP endpoint of the test engine on 127.0.0.1 (a forwarder to its socket),
named once by DOCKER_HOST and once by the current Docker context, and finds both the SDK's
and the docker CLI's requests on that endpoint.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from engine_proxy import EngineProxy

from conftest import ROOT, run_recorder
from recorder import endpoint, engine
from recorder.errors import EngineError


def _context(config: Path, name: str, host: str) -> dict[str, str]:
    """An environment whose current Docker context (in a private DOCKER_CONFIG) points at host."""
    env = {k: v for k, v in os.environ.items() if k not in endpoint.CLI_VARIABLES}
    env["DOCKER_CONFIG"] = str(config)
    subprocess.run(
        ["docker", "context", "create", name, "--docker", f"host={host}"], env=env, check=True, capture_output=True
    )
    subprocess.run(["docker", "context", "use", name], env=env, check=True, capture_output=True)
    return env


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


@pytest.mark.docker
@pytest.mark.parametrize("named_by", ["DOCKER_HOST", "context"])
def test_a_page_recorded_and_checked_through_a_tcp_endpoint(make_page, tmp_path: Path, named_by: str) -> None:
    assert run_recorder(ROOT, "provision", timeout=1800).returncode == 0
    proxy = EngineProxy()
    try:
        if named_by == "DOCKER_HOST":
            env = {k: v for k, v in os.environ.items() if k not in endpoint.CLI_VARIABLES}
            env["DOCKER_HOST"] = proxy.docker_host
        else:
            env = _context(tmp_path / "docker-config", "tutorial-tcp", proxy.docker_host)
        root = make_page("tiny", {"a": "echo through tcp", "b": "docker version --format '{{.Client.Os}}'"})
        recorded = run_recorder(root, "record", env=env)
        assert recorded.returncode == 0, recorded.stderr
        assert (root / "snippets/tiny/a.out").read_text() == "through tcp\n"
        checked = run_recorder(root, "check", env=env)
        assert checked.returncode == 0, checked.stderr
    finally:
        proxy.close()
    agents = {agent.split("/", 1)[0] for agent in proxy.user_agents}
    assert {"docker-sdk-python", "Docker-Client"} <= agents, proxy.user_agents
    assert engine.leftovers(engine.connect(), engine.project_key(root)) == []
