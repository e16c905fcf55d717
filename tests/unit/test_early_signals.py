"""A stop signal while the recorder is still starting (imports, argument parsing) ends it with the
one-line message and the signal's status, as a signal later in the run does; no engine is needed.

Each run is a `record` that starts as the first run after an install does, with no compiled
bytecode to reuse (an empty PYTHONPYCACHEPREFIX), so importing the command line and then the
engine's libraries (the Docker SDK, pexpect, pyte) takes about a second. The moment
is counted from when the recorder's first line has put its handlers in place (its SigCgt mask
says so): before that only the interpreter's own start-up runs (about 20 ms with bytecode), out
of any handler's reach. Every moment drawn (0 to 500 ms after) falls inside the imports.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from helpers.recorder_cli import start_recorder, stop_signals_at_default, wait_until_catching

EARLIEST, LATEST = 0.0, 0.5
NO_ENGINE = "unix:///nonexistent/docker.sock"
TRIALS = 3


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_start_up_ends_the_run_with_the_one_line_message(tmp_path: Path, signum: int) -> None:
    (tmp_path / "docs").mkdir()
    rng = random.Random(signum)
    name = signal.Signals(signum).name
    for _ in range(TRIALS):
        moment = rng.uniform(EARLIEST, LATEST)
        with tempfile.TemporaryDirectory() as no_bytecode:
            env = {**os.environ, "PYTHONPYCACHEPREFIX": no_bytecode, "PYTHONDONTWRITEBYTECODE": "1"}
            env["DOCKER_HOST"] = NO_ENGINE  # the run never reaches an engine: this tier has none
            process = start_recorder(tmp_path, "record", env=env)
            wait_until_catching(process, signal.SIGTERM)
            time.sleep(moment)
            assert process.poll() is None, f"{name} at {moment:.3f}s: the run had already ended"
            process.send_signal(signum)
            try:
                _, stderr = process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                pytest.fail(f"{name} at {moment:.3f}s: still running 30 s later")
        lines = stderr.strip().splitlines()
        assert process.returncode == -signum, f"{name} at {moment:.3f}s: status {process.returncode}\n{stderr}"
        assert lines[-1:] == [
            f"interrupted: by {name}: removed everything the run made on the engine; outputs unchanged"
        ], f"{name} at {moment:.3f}s:\n{stderr}"
        assert "Traceback" not in stderr


def test_a_signal_while_the_signal_relay_itself_is_imported_is_noted_and_handed_over(tmp_path: Path) -> None:
    """The launcher's first lines catch signals before `stopping` (the relay) is imported: a signal
    sent the moment the launcher's module is done (Python's -X importtime says when) lands while
    the relay's own imports run, and still ends the run with the one-line message."""
    (tmp_path / "docs").mkdir()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        with tempfile.TemporaryDirectory() as no_bytecode:
            env = {**os.environ, "PYTHONPYCACHEPREFIX": no_bytecode, "PYTHONDONTWRITEBYTECODE": "1"}
            env["DOCKER_HOST"] = NO_ENGINE
            process = subprocess.Popen(
                [sys.executable, "-X", "importtime", "-m", "recorder", "--root", str(tmp_path), "record"],
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                preexec_fn=stop_signals_at_default,
            )
            assert process.stderr is not None
            seen = []
            for line in process.stderr:
                seen.append(line)
                if line.rstrip().endswith("| recorder.cli.launch"):
                    break
            process.send_signal(signum)
            rest = process.stderr.read()
            process.wait(timeout=30)
        name = signal.Signals(signum).name
        lines = [line for line in rest.splitlines() if not line.startswith("import time:")]
        assert "recorder.stopping" in rest, "the signal came after the relay was imported: nothing was tested"
        assert process.returncode == -signum, f"{name}: status {process.returncode}\n{rest[-2000:]}"
        assert lines[-1:] == [
            f"interrupted: by {name}: removed everything the run made on the engine; outputs unchanged"
        ], lines[-5:]
