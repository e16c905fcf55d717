"""One engine address for everything: a page recorded and checked through a TCP endpoint of the test
engine on 127.0.0.1 (a forwarder to its socket), named once by DOCKER_HOST and once by the current
Docker context; both the SDK's and the docker CLI's requests are found on that endpoint."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers.contexts import docker_context
from helpers.engine_proxy import EngineProxy
from helpers.recorder_cli import run_recorder
from recorder import engine
from recorder.engine import endpoint


@pytest.mark.parametrize("named_by", ["DOCKER_HOST", "context"])
def test_a_page_recorded_and_checked_through_a_tcp_endpoint(client, make_page, tmp_path: Path, named_by: str) -> None:
    proxy = EngineProxy()
    try:
        if named_by == "DOCKER_HOST":
            env = {k: v for k, v in os.environ.items() if k not in endpoint.CLI_VARIABLES}
            env["DOCKER_HOST"] = proxy.docker_host
        else:
            env = docker_context(tmp_path / "docker-config", "tutorial-tcp", proxy.docker_host)
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
