"""A page recorded on this machine does not name it: not its host name, paths or addresses."""

from __future__ import annotations

from helpers.leaks import leaks
from helpers.recorder_cli import run_recorder
from recorder import engine

# Commands that would show the machine they run on, were they not run in a sandbox.
REVEALING = {
    "host": "hostname; cat /etc/hostname; uname -n",
    "where": "pwd; echo $HOME; ls /",
    "addresses": "ip -o addr show | awk '{print $2, $4}'",
    "engine": "docker info --format '{{.Name}} {{.DockerRootDir}}'",
}


def test_a_page_recorded_here_does_not_mention_this_machine(client, make_page) -> None:
    root = make_page("revealing", REVEALING)
    result = run_recorder(root, "record")
    assert result.returncode == 0, result.stderr
    assert "sandbox" in (root / "snippets/revealing/host.out").read_text()
    assert leaks(root) == []
    assert engine.leftovers(engine.connect(), engine.project_key(root)) == []
