"""Stop requests without an engine: writes are never cut in half, children end with the run,
signals reach a process whose work is stuck anywhere, and ignored-from-birth SIGINT stays ignored."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path

import pytest
from rich.console import Console

from helpers.recorder_cli import stop_signals_at_default
from recorder.cli.invocation import say
from recorder.engine.lease import _timestamp
from recorder.errors import Interrupted
from recorder.stopping import StopRequest

# A process whose work blocks forever on a lock (as library internals may), under the recorder's plumbing.
STUCK = textwrap.dedent(
    """
    import sys, threading
    from recorder import stopping
    stop = stopping.StopRequest()
    handled = stopping.listen(stop)
    print(",".join(str(int(s)) for s in handled), flush=True)
    lock = threading.Lock()
    lock.acquire()
    status = stopping.run_until_stopped(lock.acquire, stop)
    print("stopped by", stop.signum, "status", status, flush=True)
    stopping.exit_by_signal(stop.signum)
    """
)


@pytest.fixture
def stuck() -> Iterator[Callable[[bool], tuple[subprocess.Popen[str], set[int]]]]:
    """Start stuck processes; any still running when the test ends is killed."""
    started: list[subprocess.Popen[str]] = []

    def start(ignore_sigint: bool) -> tuple[subprocess.Popen[str], set[int]]:
        process, handled = _stuck(ignore_sigint)
        started.append(process)
        return process, handled

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def _stuck(ignore_sigint: bool) -> tuple[subprocess.Popen[str], set[int]]:
    def before_exec() -> None:
        stop_signals_at_default()
        if ignore_sigint:
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    process = subprocess.Popen([sys.executable, "-c", STUCK], stdout=subprocess.PIPE, text=True, preexec_fn=before_exec)
    assert process.stdout is not None
    handled = {int(s) for s in process.stdout.readline().strip().split(",")}
    return process, handled


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_stops_work_stuck_on_a_lock_and_the_process_exits_by_it(stuck, signum: int) -> None:
    process, handled = stuck(False)
    assert handled == {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    sent = time.monotonic()
    process.send_signal(signum)
    out, _ = process.communicate(timeout=10)
    assert time.monotonic() - sent < 5
    assert out.strip() == f"stopped by {int(signum)} status None"
    assert process.returncode == -signum


def test_sigint_ignored_from_birth_stays_ignored_and_sigterm_still_stops(stuck) -> None:
    process, handled = stuck(True)
    assert handled == {signal.SIGTERM, signal.SIGHUP}
    process.send_signal(signal.SIGINT)
    with pytest.raises(subprocess.TimeoutExpired):
        process.wait(timeout=1.5)
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=10)
    assert out.strip() == f"stopped by {int(signal.SIGTERM)} status None"
    assert process.returncode == -signal.SIGTERM


def test_a_write_that_has_begun_is_waited_for_and_none_begins_after_the_stop() -> None:
    stop = StopRequest()
    began, release, finished = threading.Event(), threading.Event(), threading.Event()

    def write() -> None:
        with stop.uninterruptible():
            began.set()
            release.wait(5)
        finished.set()

    writer = threading.Thread(target=write)
    writer.start()
    began.wait(5)
    stop.request(signal.SIGTERM)
    assert not stop.wait_for_writes(time.monotonic() + 0.3), "a begun write was not waited for"
    release.set()
    assert stop.wait_for_writes(time.monotonic() + 5)
    assert finished.is_set()
    with pytest.raises(Interrupted) as raised, stop.uninterruptible():
        pytest.fail("a write began after the stop")
    assert raised.value.signum == signal.SIGTERM and raised.value.exit_status == 143


def test_a_stop_ends_the_children_of_the_run() -> None:
    stop = StopRequest()
    child = stop.popen(["sleep", "60"])
    stop.request(signal.SIGINT)
    assert child.wait(timeout=5) == -signal.SIGTERM
    with pytest.raises(Interrupted):
        stop.popen(["true"])


def test_a_child_dies_with_a_recorder_killed_outright(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from recorder.stopping import StopRequest; "
            f"open({str(pid_file)!r}, 'w').write(str(StopRequest().popen(['sleep', '60']).pid)); time.sleep(60)",
        ]
    )
    deadline = time.monotonic() + 10
    while not (pid_file.is_file() and pid_file.read_text()):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child = int(pid_file.read_text())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while _alive(child):
        assert time.monotonic() < deadline, "the child outlived its SIGKILLed parent"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_reports_print_foreign_text_verbatim() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=False, width=80, highlight=False)
    text = "drift in a/b:\n-=> [internal] load build definition\n+[a-zA-Z0-9][a-zA-Z0-9_.-] [bold]x[/] [/]"
    say(console, "DRIFT", "red", text)
    assert out.getvalue() == f"DRIFT {text}\n"


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-11-30T14:39:00.123456789Z", "2026-11-30 14:39:00+00:00"),
        ("2026-11-30T15:39:00.5+01:00", "2026-11-30 14:39:00+00:00"),
        ("2026-11-30T14:39:00Z", "2026-11-30 14:39:00+00:00"),
    ],
)
def test_engine_timestamps_compare_across_time_zones(text: str, utc: str) -> None:
    assert str(_timestamp(text).astimezone(UTC)) == utc
