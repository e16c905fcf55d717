"""Nothing of the recording machine leaks into what the site publishes."""

from __future__ import annotations

import getpass
import ipaddress
import re
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = sorted((ROOT / "snippets").rglob("*.out"))
PUBLISHED = OUTPUTS + sorted((ROOT / "snippets").rglob("recording.yml"))


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


def _host_markers() -> dict[str, re.Pattern[str]]:
    markers = {
        "repository path": re.compile(re.escape(str(ROOT))),
        "home directory": re.compile(re.escape(str(Path.home())) + r"\b"),
        "host name": re.compile(r"\b" + re.escape(socket.gethostname()) + r"\b"),
    }
    user = getpass.getuser()
    # Every container's user is root too, so "root" in a prompt says nothing about the host.
    if user != "root":
        markers["user name"] = re.compile(r"\b" + re.escape(user) + r"\b")
    for address in _host_addresses():
        markers[f"host address {address}"] = re.compile(r"(?<![\d.])" + re.escape(address) + r"(?![\d.])")
    return markers


def test_the_site_has_recorded_outputs() -> None:
    assert len(OUTPUTS) > 10


def test_recorded_outputs_do_not_mention_the_recording_machine() -> None:
    markers = _host_markers()
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in PUBLISHED
        for what, pattern in markers.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_recorded_outputs_hold_no_raw_escape_sequences() -> None:
    assert [str(p.relative_to(ROOT)) for p in OUTPUTS if "\x1b" in p.read_text(encoding="utf-8")] == []
