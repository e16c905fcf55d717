"""What would identify the recording machine in what the recorder writes: its paths, names and addresses."""

from __future__ import annotations

import getpass
import ipaddress
import re
import socket
import subprocess
from pathlib import Path

from helpers import ROOT


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
