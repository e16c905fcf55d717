"""Stop signals at random moments of real runs, and while a base image is being made.

Every trial's run must exit by the signal within seconds with the one-line message, leave
nothing on the engine, and leave each page either untouched or one complete new recording.
The number of trials and the seed are options (see conftest.py): `make test` runs a few,
`make stability` the full soak.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml

from helpers import NAMING, ROOT, SITE
from helpers.pages import snippet_files, write_page
from helpers.recorder_cli import (
    EXIT_SECONDS,
    kill_and_clean,
    processes_naming,
    run_recorder,
    start_recorder,
    wait_until_catching,
)
from recorder import engine

SLOW_PAGE = "p3"
SIGNAL_PAGES = {
    "p1": {
        "a": "date +%s%N",
        "b": "sleep 2; echo slept",
        "c": "docker run --rm debian:trixie echo inside",
        "d": "date +%s%N",
    },
    "p2": {
        "a": "date +%s%N",
        "b": "sleep 4; echo slept",
        "c": "docker run --rm debian:trixie echo inside",
        "d": "date +%s%N",
    },
    SLOW_PAGE: {"a": "date +%s%N", "b": "echo done"},
}
# Where a signal lands: after which line on stderr (None: the start), and how long after it (uniform, s).
PHASES = {
    "provisioning": ("provision: pushing the site's images", (0.0, 8.0)),
    # The first second from the recorder's first line (its handlers in place: the interpreter's own
    # start-up before it, about 20 ms, is out of any handler's reach; see recorder/launch.py): the
    # imports, the arguments, the first engine calls.
    "first-second": (None, (0.0, 1.0)),
    "startup": (None, (0.2, 4.0)),
    "mid-snippet": ("p1: b", (0.0, 1.5)),
    "page-end": ("p1: d", (0.0, 4.0)),
    "anywhere": (None, (0.0, 30.0)),  # from the first line too
}
WRITTEN = re.compile(r"outputs unchanged except pages finished before the stop: (.+)$")


class _Lines:
    """The recorder's stderr, line by line, read as it comes, so a test can wait for a line."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, prefix: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(line.startswith(prefix) for line in list(self.lines)):
                return True
            time.sleep(0.02)
        return False

    def rest(self, timeout: float) -> list[str]:
        self._thread.join(timeout)
        return self.lines


def _consistent_new_recording(root: Path, page: str, before: dict[str, bytes]) -> str | None:
    """Why the page's files are not one complete new recording, or None if they are."""
    folder = root / "snippets" / page
    provenance = yaml.safe_load((folder / "recording.yml").read_text())
    if (folder / "recording.yml").read_bytes() == before[f"snippets/{page}/recording.yml"]:
        return "recording.yml was not rewritten"
    for name, recorded in provenance["snippets"].items():
        output = (folder / f"{name}.out").read_text()
        if hashlib.sha256(output.encode()).hexdigest() != recorded["output_sha256"]:
            return f"{name}.out does not match the new recording.yml"
    return None


def _add_tag(catalogue: Path, image: str, tag: str) -> None:
    """One more tag for an image of the catalogue: a tag no run has pushed makes provisioning push."""
    listing = yaml.safe_load(catalogue.read_text())
    listing[image]["tags"].append(tag)
    catalogue.write_text(yaml.safe_dump(listing))


def _trial(client, root: Path, images: Path, rng: random.Random, phase: str, signum: int) -> dict:
    """One run signalled at a random moment of its phase; returns what happened, with any problems."""
    before = snippet_files(root)
    args = ["record", "--all", "-j", "3"]
    if phase == "provisioning":
        listing = images / "images.yml"
        token = secrets.token_hex(4)
        text = listing.read_text()
        assert "signal-test-" in text, "the catalogue lost the test's tag: no cache miss to stop in"
        listing.write_text(text.replace("signal-test-", f"signal-test-{token}-", 1))
        args = ["--standins", str(images), *args]
    marker, (low, high) = PHASES[phase]
    process = start_recorder(root, *args)
    lines = _Lines(process)
    problems = []
    wait_until_catching(process, signal.SIGTERM)
    if marker and not lines.wait_for(marker, timeout=120):
        problems.append(f"never printed {marker!r}")
    time.sleep(rng.uniform(low, high))
    if process.poll() is not None:
        problems.append(f"ended before the signal (status {process.returncode})")
    sent = time.monotonic()
    process.send_signal(signum)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        problems.append("still running 60 s after the signal: " + kill_and_clean(process, root)[-3000:])
    seconds = time.monotonic() - sent
    output = lines.rest(timeout=5)
    name = signal.Signals(signum).name
    last = output[-1] if output else ""
    if process.returncode != -signum:
        problems.append(f"status {process.returncode}, expected {-signum}")
    if seconds >= EXIT_SECONDS:
        problems.append(f"exit took {seconds:.1f}s")
    if not last.startswith(f"interrupted: by {name}: removed everything the run made on the engine; outputs "):
        problems.append(f"last line {last!r}")
    match = WRITTEN.search(last)
    written = match.group(1).split(", ") if match else []
    after = snippet_files(root)
    for page in SIGNAL_PAGES:
        files = sorted(path for path in set(before) | set(after) if path.startswith(f"snippets/{page}/"))
        if page in written:
            why = _consistent_new_recording(root, page, before)
            if why:
                problems.append(f"{page}: {why}")
        elif any(before.get(path) != after.get(path) for path in files):
            problems.append(f"{page}: files changed though the page was not written")
    if any(path.endswith(".tmp") for path in after):
        problems.append("temporary files left")
    left = engine.leftovers(client, NAMING, engine.project_key(root))
    if left:
        problems.append(f"left on the engine: {left}")
        engine.remove_run_objects(client, NAMING, time.monotonic() + 60, project=engine.project_key(root))
    return {"phase": phase, "signal": name, "exit_s": round(seconds, 2), "written": written, "problems": problems}


def test_random_signals_always_exit_quickly_clean_up_and_keep_outputs_whole(client, soak, tmp_path: Path) -> None:
    """Runs of three pages in parallel (30 in the full soak), each signalled (SIGINT or SIGTERM)
    at a random moment of a phase, in turn: provisioning (a cache miss: a new tag to push), the
    first second (imports), startup (lease, network, registry, sandboxes), mid-snippet, the end
    of a page (versions, writing outputs), or anywhere.

    Every page's files are afterwards either byte-identical or one complete new recording (the
    pages the last line names as finished before the stop). Results go to build/signal-test.json.
    """
    seed = soak.seed
    rng = random.Random(seed)
    root = tmp_path / "project"
    for page, snippets in SIGNAL_PAGES.items():
        write_page(root, page, snippets, options="b:\n  timeout: 600\n")
    baseline = run_recorder(root, "record", "-j", "3")
    assert baseline.returncode == 0, baseline.stderr
    (root / "snippets" / SLOW_PAGE / "b.sh").write_text("sleep 60; echo done\n")  # the run never ends by itself
    images = tmp_path / "standins"
    shutil.copytree(SITE.standins, images)
    _add_tag(images / "images.yml", "nginx", "signal-test-")

    phases = list(PHASES)
    results = [
        _trial(client, root, images, rng, phases[run % len(phases)], rng.choice([signal.SIGINT, signal.SIGTERM]))
        for run in range(soak.signal_trials)
    ]
    report = {
        "seed": seed,
        "runs": len(results),
        "passed": sum(not r["problems"] for r in results),
        "slowest_exit_s": max(r["exit_s"] for r in results),
        "runs_with_pages_written": sum(bool(r["written"]) for r in results),
        "results": results,
    }
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "signal-test.json").write_text(json.dumps(report, indent=2) + "\n")
    failed = [r for r in results if r["problems"]]
    assert not failed, f"seed {seed}: {len(failed)} of {len(results)} runs failed:\n" + "\n".join(map(str, failed))


@pytest.mark.full_soak
def test_a_signal_while_a_base_image_is_made_ends_mmdebstrap_and_leaves_no_folder_or_mount(
    private_engine: str, tmp_path: Path
) -> None:
    """On an engine without our base images, provisioning runs mmdebstrap on this machine; a stop
    while it has the host's /proc and /sys mounted in its folder ends it, and it unmounts and
    removes that folder (within a few seconds, also if the recorder has already exited)."""
    env = {**os.environ, "DOCKER_HOST": private_engine}
    env.pop("DOCKER_CONTEXT", None)
    folders_before = set(Path(tempfile.gettempdir()).glob("mmdebstrap.*"))
    process = start_recorder(tmp_path, "provision", env=env)
    lines = _Lines(process)
    try:
        assert lines.wait_for("provision: making the trixie base image with mmdebstrap", 120)
        deadline = time.monotonic() + 600
        while not _bootstrap_mounts():
            assert process.poll() is None and time.monotonic() < deadline, lines.lines
            time.sleep(0.2)
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        seconds = time.monotonic() - sent
    finally:
        if process.poll() is None:
            kill_and_clean(process, tmp_path)
    assert process.returncode == -signal.SIGINT, lines.lines
    assert seconds < EXIT_SECONDS
    assert lines.rest(5)[-1].startswith("interrupted: by SIGINT: removed everything")

    def cleaned_up() -> bool:
        new_folders = set(Path(tempfile.gettempdir()).glob("mmdebstrap.*")) - folders_before
        return not _bootstrap_mounts() and not processes_naming("mmdebstrap") and not new_folders

    deadline = time.monotonic() + 30
    while not cleaned_up():
        assert time.monotonic() < deadline, (_bootstrap_mounts(), processes_naming("mmdebstrap"))
        time.sleep(0.5)


def _bootstrap_mounts() -> list[str]:
    mounts = Path("/proc/self/mounts").read_text().splitlines()
    return [fields[1] for line in mounts if len(fields := line.split()) > 1 and "/mmdebstrap." in fields[1]]
