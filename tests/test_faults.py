"""Faults during a run: each ends with one clear message, outputs untouched, nothing left behind.

Every recorder here is started with SIGINT at its default (see conftest.start_recorder), so the
tests pass however the test run itself was started; one test starts it with SIGINT ignored on
purpose, as a shell without job control starts `recorder record &`.
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

import docker
import pytest
import yaml
from engine_proxy import EngineProxy

from conftest import ROOT, finish, kill_and_clean, run_recorder, start_recorder, stop_signals_at_default, write_page
from recorder import engine
from recorder.provision import IMAGES_DIR

pytestmark = [pytest.mark.docker]
EXIT_SECONDS = 15


@pytest.fixture(scope="module")
def client() -> docker.DockerClient:
    client = engine.connect()
    assert run_recorder(ROOT, "provision", timeout=1800).returncode == 0
    return client


def _recorded_page(root: Path) -> Path:
    """A recorded page whose second snippet then hangs."""
    write_page(root, "tiny", {"a": "echo before", "b": "echo second"}, options="b:\n  timeout: 600\n")
    result = run_recorder(root, "record")
    assert result.returncode == 0, result.stderr
    (root / "snippets/tiny/b.sh").write_text("sleep 600\n")
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "snippets").rglob("*")) if p.is_file()}


def _hanging_sandbox(client: docker.DockerClient, root: Path, timeout: float = 120) -> dict:
    """Wait until the page's sandbox runs `sleep 600`: the run is in the middle of a snippet."""
    deadline = time.monotonic() + timeout
    project = engine.project_key(root)
    while time.monotonic() < deadline:
        for container in client.api.containers(filters={"label": f"{engine.PROJECT_LABEL}={project}"}):
            if container["Names"][0].endswith("-tiny"):
                code, _ = client.containers.get(container["Id"]).exec_run(["pgrep", "-f", "sleep 600"])
                if code == 0:
                    return container
        time.sleep(0.3)
    raise AssertionError("the run never reached its hanging snippet")


def _signal_and_finish(process: subprocess.Popen[str], root: Path, signum: int) -> tuple[float, str]:
    sent = time.monotonic()
    process.send_signal(signum)
    result = finish(process, root, timeout=60)
    return time.monotonic() - sent, result.stderr


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_mid_snippet_cleans_up_and_keeps_outputs(client, tmp_path: Path, signum: int) -> None:
    root = _recorded_page(tmp_path)
    before = _files(root)
    process = start_recorder(root, "record", "--all")
    _hanging_sandbox(client, root)
    seconds, stderr = _signal_and_finish(process, root, signum)
    assert process.returncode == -signum, stderr
    assert seconds < EXIT_SECONDS
    name = signal.Signals(signum).name
    assert stderr.strip().splitlines()[-1] == (
        f"interrupted: by {name}: removed everything the run made on the engine; outputs unchanged"
    )
    assert _files(root) == before
    assert engine.leftovers(client, engine.project_key(root)) == []


def test_sigint_ignored_from_birth_stays_ignored_and_sigterm_stops(client, tmp_path: Path) -> None:
    """As POSIX asks of a background job: SIGINT ignored by the parent stays ignored; SIGTERM works."""
    root = _recorded_page(tmp_path)
    before = _files(root)
    process = start_recorder(root, "record", "--all", before_exec=_sigint_ignored)
    sandbox = _hanging_sandbox(client, root)
    process.send_signal(signal.SIGINT)
    time.sleep(3)
    assert process.poll() is None, "an ignored SIGINT stopped the recorder"
    code, _ = client.containers.get(sandbox["Id"]).exec_run(["pgrep", "-f", "sleep 600"])
    assert code == 0, "an ignored SIGINT ended the running snippet"
    seconds, stderr = _signal_and_finish(process, root, signal.SIGTERM)
    assert process.returncode == -signal.SIGTERM, stderr
    assert seconds < EXIT_SECONDS
    assert stderr.strip().splitlines()[-1].startswith("interrupted: by SIGTERM: removed everything")
    assert _files(root) == before
    assert engine.leftovers(client, engine.project_key(root)) == []


def test_engine_that_goes_away_mid_run_fails_the_page_and_is_waited_for(client, tmp_path: Path) -> None:
    root = _recorded_page(tmp_path / "project")
    before = _files(root)
    proxy = EngineProxy(tmp_path / "engine.sock")
    try:
        process = start_recorder(root, "record", "--all", env={**os.environ, "DOCKER_HOST": proxy.docker_host})
        _hanging_sandbox(client, root)
        proxy.cut()
        # The page's shell breaks; the page asks the engine whether it still answers: it does not.
        assert proxy.wait_for_refused_ping(timeout=60), proxy.refused_requests
        proxy.restore()
        result = finish(process, root, timeout=120)
    finally:
        proxy.close()
    assert result.returncode == 1, result.stderr
    assert "FAILED tiny: tiny/b: the Docker engine stopped answering" in result.stderr
    assert _files(root) == before
    assert engine.leftovers(client, engine.project_key(root)) == []


def test_sandbox_that_fails_to_start(client, make_page, tmp_path: Path) -> None:
    root = make_page("tiny", {"a": "echo a"})
    images = tmp_path / "images"
    shutil.copytree(IMAGES_DIR, images)
    (images / "sandbox" / "start-engine").write_text("#!/bin/sh\necho 'inner engine refuses to start' >&2\nexit 1\n")
    result = run_recorder(root, "--images", str(images), "record")
    assert result.returncode == 1
    assert "stopped while starting" in result.stderr and "inner engine refuses to start" in result.stderr
    assert not (root / "snippets/tiny/a.out").exists()
    assert engine.leftovers(client, engine.project_key(root)) == []


def test_sigkill_mid_page_then_the_next_run_of_another_checkout_removes_everything(client, tmp_path: Path) -> None:
    root = _recorded_page(tmp_path / "killed")
    process = start_recorder(root, "record", "--all")
    sandbox = _hanging_sandbox(client, root)
    run_id = sandbox["Labels"][engine.RUN_LABEL]
    process.kill()
    process.communicate()
    left = {str(obj) for obj in engine.run_objects(client, run_id=run_id)}
    assert f"container {sandbox['Names'][0].lstrip('/')}" in left and f"container {engine.lease_name(run_id)}" in left
    assert _lease_stops(client, run_id), "the killed run's lease is still running"
    assert _processes_naming(sandbox["Names"][0].lstrip("/")) == [], "the killed run's docker exec outlived it"

    other = write_page(tmp_path / "other", "other", {"a": "echo other"})
    result = run_recorder(other, "record")
    assert result.returncode == 0, result.stderr
    assert f"whose recorder ended without cleaning up: {run_id}" in result.stderr
    assert engine.run_objects(client, run_id=run_id) == []
    assert engine.leftovers(client, engine.project_key(other)) == []


def test_two_checkouts_recording_at_once_both_pass(client, tmp_path: Path) -> None:
    """Each run clears dead runs as it starts; a live run of another checkout is not one of them."""
    roots = [
        write_page(tmp_path / name, name, {"a": f"echo {name}", "b": "docker version --format '{{.Client.Os}}'"})
        for name in ("left", "right")
    ]
    processes = [start_recorder(root, "record") for root in roots]
    results = [finish(process, root, timeout=600) for process, root in zip(processes, roots, strict=True)]
    for root, result in zip(roots, results, strict=True):
        assert result.returncode == 0, result.stderr
        name = root.name
        assert (root / "snippets" / name / "a.out").read_text() == f"{name}\n"
        assert engine.leftovers(client, engine.project_key(root)) == []


def test_an_unexpected_error_fails_its_page_alone_in_one_line(client, tmp_path: Path) -> None:
    root = write_page(tmp_path, "good", {"a": "echo good"})
    write_page(root, "bad", {"a": "echo bad"})
    (root / "snippets/bad/a.out").mkdir()  # writing the output fails with an OSError
    (root / "snippets/bad/a.out/keep").write_text("")
    result = run_recorder(root, "record")
    assert result.returncode == 1, result.stderr
    failed = [line for line in result.stderr.splitlines() if line.startswith("FAILED")]
    assert failed == [
        f"FAILED bad: IsADirectoryError: [Errno 21] Is a directory: '{root / 'snippets/bad/.a.out.tmp'}' -> "
        f"'{root / 'snippets/bad/a.out'}' (--verbose shows the traceback)"
    ]
    assert "Traceback" not in result.stderr
    assert "recorded good: 1 snippets" in result.stderr
    assert (root / "snippets/good/a.out").read_text() == "good\n"
    assert sorted(p.name for p in (root / "snippets/bad").iterdir()) == ["a.out", "a.sh"]
    assert engine.leftovers(client, engine.project_key(root)) == []

    verbose = run_recorder(root, "record", "--verbose")
    assert verbose.returncode == 1
    assert "Traceback (most recent call last)" in verbose.stderr and "IsADirectoryError" in verbose.stderr


def test_a_missing_docker_command_fails_each_page_in_one_line(client, tmp_path: Path) -> None:
    root = write_page(tmp_path, "one", {"a": "echo one"})
    write_page(root, "two", {"a": "echo two"})
    empty = tmp_path / "no-docker-here"
    empty.mkdir()
    result = run_recorder(root, "record", env={**os.environ, "PATH": str(empty)})
    assert result.returncode == 1, result.stderr
    failed = sorted(line for line in result.stderr.splitlines() if line.startswith("FAILED"))
    assert [line.split(":", 1)[0] for line in failed] == ["FAILED one", "FAILED two"]
    assert all("docker" in line and "not found" in line for line in failed), failed
    assert engine.leftovers(client, engine.project_key(root)) == []


def _sigint_ignored() -> None:
    stop_signals_at_default()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _lease_stops(client: docker.DockerClient, run_id: str, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.api.inspect_container(engine.lease_name(run_id))["State"]["Status"] != "running":
            return True
        time.sleep(0.2)
    return False


def _processes_naming(word: str) -> list[str]:
    listing = subprocess.run(["ps", "-eo", "args="], capture_output=True, text=True, check=True).stdout
    return [line for line in listing.splitlines() if word in line]


SIGNAL_RUNS = 30
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
    "provisioning": ("provision: pushing the tutorial's images", (0.0, 8.0)),
    "startup": (None, (0.2, 4.0)),
    "mid-snippet": ("p1: b", (0.0, 1.5)),
    "page-end": ("p1: d", (0.0, 4.0)),
    "anywhere": (None, (0.0, 30.0)),
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
    before = _files(root)
    args = ["record", "--all", "-j", "3"]
    if phase == "provisioning":
        listing = images / "standins" / "images.yml"
        token = secrets.token_hex(4)
        text = listing.read_text()
        assert "signal-test-" in text, "the catalogue lost the test's tag: no cache miss to stop in"
        listing.write_text(text.replace("signal-test-", f"signal-test-{token}-", 1))
        args = ["--images", str(images), *args]
    marker, (low, high) = PHASES[phase]
    process = start_recorder(root, *args)
    lines = _Lines(process)
    problems = []
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
    after = _files(root)
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
    left = engine.leftovers(client, engine.project_key(root))
    if left:
        problems.append(f"left on the engine: {left}")
        engine.remove_run_objects(client, time.monotonic() + 60, project=engine.project_key(root))
    return {"phase": phase, "signal": name, "exit_s": round(seconds, 2), "written": written, "problems": problems}


@pytest.mark.slow
def test_random_signals_always_exit_quickly_clean_up_and_keep_outputs_whole(client, tmp_path: Path) -> None:
    """30 runs of three pages in parallel, each signalled (SIGINT or SIGTERM) at a random moment of a
    phase: provisioning (a cache miss: a new tag to push), startup (lease, network, registry,
    sandboxes), mid-snippet, the end of a page (versions, writing outputs), or anywhere.

    Every page's files are afterwards either byte-identical or one complete new recording (the
    pages the last line names as finished before the stop). Results go to build/signal-test.json.
    """
    seed = int(os.environ.get("SIGNAL_TEST_SEED") or time.time_ns() % 1_000_000)
    rng = random.Random(seed)
    root = tmp_path / "project"
    for page, snippets in SIGNAL_PAGES.items():
        write_page(root, page, snippets, options="b:\n  timeout: 600\n")
    baseline = run_recorder(root, "record", "-j", "3")
    assert baseline.returncode == 0, baseline.stderr
    (root / "snippets" / SLOW_PAGE / "b.sh").write_text("sleep 60; echo done\n")  # the run never ends by itself
    images = tmp_path / "images"
    shutil.copytree(IMAGES_DIR, images)
    _add_tag(images / "standins" / "images.yml", "nginx", "signal-test-")

    phases = list(PHASES)
    results = [
        _trial(client, root, images, rng, phases[run % len(phases)], rng.choice([signal.SIGINT, signal.SIGTERM]))
        for run in range(SIGNAL_RUNS)
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


@pytest.mark.slow
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
        return not _bootstrap_mounts() and not _processes_naming("mmdebstrap") and not new_folders

    deadline = time.monotonic() + 30
    while not cleaned_up():
        assert time.monotonic() < deadline, (_bootstrap_mounts(), _processes_naming("mmdebstrap"))
        time.sleep(0.5)


def _bootstrap_mounts() -> list[str]:
    mounts = Path("/proc/self/mounts").read_text().splitlines()
    return [fields[1] for line in mounts if len(fields := line.split()) > 1 and "/mmdebstrap." in fields[1]]
