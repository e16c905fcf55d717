"""The recorder's command line run as a user runs it: a process of its own, its output captured."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from recorder import engine

# What the recorder promises after a stop signal: it has exited, and removed what it made, by then.
EXIT_SECONDS = 15
# Long enough for a thread dump to reach stderr after SIGUSR1.
DUMP_SECONDS = 3
REMOVAL_SECONDS = 120


def stop_signals_at_default() -> None:
    """The recorder reacts to SIGINT and SIGHUP however this test run was started.

    A background job of a shell without job control inherits SIGINT ignored, and `nohup`
    SIGHUP; the recorder keeps such a signal ignored, on purpose.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def start_recorder(
    root: Path,
    *args: str,
    env: dict[str, str] | None = None,
    before_exec: Callable[[], None] = stop_signals_at_default,
    wrapper: list[str] | None = None,
) -> subprocess.Popen[str]:
    """Start the recorder's CLI as a user would, with SIGINT and SIGHUP at their default unless told otherwise.

    `wrapper` is a command the recorder is run under (one that takes the network away, say).
    """
    return subprocess.Popen(
        [*(wrapper or []), sys.executable, "-m", "recorder", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=before_exec,
    )


def finish(process: subprocess.Popen[str], root: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """Wait for a started recorder; one that hangs has its threads dumped, is killed, and its objects removed."""
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stacks = kill_and_clean(process, root)
        pytest.fail(f"the recorder did not finish within {timeout:.0f}s; its threads and output:\n{stacks}")
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def kill_and_clean(process: subprocess.Popen[str], root: Path) -> str:
    """Dump the recorder's threads (SIGUSR1), kill it, remove whatever its runs made; returns its stderr."""
    process.send_signal(signal.SIGUSR1)
    time.sleep(DUMP_SECONDS)
    process.kill()
    _, stderr = process.communicate()
    client = engine.connect()
    engine.remove_run_objects(client, time.monotonic() + REMOVAL_SECONDS, project=engine.project_key(root))
    return stderr


def run_recorder(
    root: Path, *args: str, timeout: float = 900, env: dict[str, str] | None = None, wrapper: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the recorder's CLI as a user would, capturing what it prints."""
    return finish(start_recorder(root, *args, env=env, wrapper=wrapper), root, timeout)


def processes_naming(word: str) -> list[str]:
    """The command lines of this machine's processes that contain word (a child the recorder left?)."""
    listing = subprocess.run(["ps", "-eo", "args="], capture_output=True, text=True, check=True).stdout
    return [line for line in listing.splitlines() if word in line]


def wait_until_catching(process: subprocess.Popen[str], signum: int, timeout: float = 10) -> float:
    """Wait until the process has a handler of its own for signum (its SigCgt mask in /proc says so);
    the seconds that took. Before that moment only the interpreter's defaults can meet a signal."""
    start = time.monotonic()
    status = Path(f"/proc/{process.pid}/status")
    while time.monotonic() - start < timeout:
        caught = next((line for line in status.read_text().splitlines() if line.startswith("SigCgt:")), "SigCgt: 0")
        if int(caught.split()[1], 16) & (1 << (signum - 1)):
            return time.monotonic() - start
        time.sleep(0.001)
    raise AssertionError(f"no handler for {signal.Signals(signum).name} after {timeout}s")
