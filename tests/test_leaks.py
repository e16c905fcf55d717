"""Nothing of the recording machine leaks into what the recorder writes.

The machine's names and addresses are looked for in outputs recorded on this machine: a
small page here, and every page in the whole-site test (test_whole_site), which records the
full site into a copy and scans what it wrote. Committed outputs were recorded elsewhere, so
only machine-independent properties are checked on them.
"""

from __future__ import annotations

import getpass
import ipaddress
import re
import socket
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, run_recorder
from recorder import engine

OUTPUTS = sorted((ROOT / "snippets").rglob("*.out"))
# Commands that would show the machine they run on, were they not run in a sandbox.
REVEALING = {
    "host": "hostname; cat /etc/hostname; uname -n",
    "where": "pwd; echo $HOME; ls /",
    "addresses": "ip -o addr show | awk '{print $2, $4}'",
    "engine": "docker info --format '{{.Name}} {{.DockerRootDir}}'",
}


def _host_addresses() -> set[str]:
    """The host's own addresses, loopback and Docker's bridges aside.

    A Docker bridge (docker0 at 172.17.0.1, say) has the same default address on every
    engine, the sandbox's own included, so seeing it in an output says nothing of the host.
    """
    listing = subprocess.run(["ip", "-o", "addr", "show"], capture_output=True, text=True, check=True).stdout
    found = set()
    for line in listing.splitlines():
        fields = line.split()
        interface, address = fields[1], fields[3].split("/")[0]
        if interface == "docker0" or interface.startswith(("br-", "veth")):
            continue
        if not ipaddress.ip_address(address).is_loopback:
            found.add(address)
    return found


def host_markers() -> dict[str, re.Pattern[str]]:
    """What would identify this machine in an output: its paths, names and addresses."""
    markers = {
        "repository path": re.compile(re.escape(str(ROOT))),
        "host name": re.compile(r"\b" + re.escape(socket.gethostname()) + r"\b"),
    }
    # Every container's user is root too, with /root as its home: those say nothing about the host.
    user = getpass.getuser()
    if user != "root":
        markers["user name"] = re.compile(r"\b" + re.escape(user) + r"\b")
    if Path.home() != Path("/root"):
        markers["home directory"] = re.compile(re.escape(str(Path.home())) + r"\b")
    for address in _host_addresses():
        markers[f"host address {address}"] = re.compile(r"(?<![\d.])" + re.escape(address) + r"(?![\d.])")
    return markers


def leaks(root: Path) -> list[str]:
    """Every recorded output or provenance file under root that names this machine, with what it names."""
    markers = host_markers()
    written = sorted((root / "snippets").rglob("*.out")) + sorted((root / "snippets").rglob("recording.yml"))
    assert written, f"nothing recorded under {root}"
    return [
        f"{path.relative_to(root)}: {what}"
        for path in written
        for what, pattern in markers.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]


def test_the_site_has_recorded_outputs() -> None:
    assert len(OUTPUTS) > 10


@pytest.mark.docker
def test_a_page_recorded_here_does_not_mention_this_machine(make_page) -> None:
    root = make_page("revealing", REVEALING)
    result = run_recorder(root, "record")
    assert result.returncode == 0, result.stderr
    assert "sandbox" in (root / "snippets/revealing/host.out").read_text()
    assert leaks(root) == []
    assert engine.leftovers(engine.connect(), engine.project_key(root)) == []


def test_recorded_outputs_hold_no_raw_escape_sequences() -> None:
    assert [str(p.relative_to(ROOT)) for p in OUTPUTS if "\x1b" in p.read_text(encoding="utf-8")] == []
