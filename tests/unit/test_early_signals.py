"""A stop signal while the recorder is still starting (imports, argument parsing) ends it with the
one-line message and the signal's status, as a signal later in the run does; no engine is needed.

Each run starts as the first run after an install does, with no compiled bytecode to reuse
(an empty PYTHONPYCACHEPREFIX), so importing the command line takes about a second. The moment
is counted from when the recorder's first line has put its handlers in place (its SigCgt mask
says so): before that only the interpreter's own start-up runs (about 20 ms with bytecode), out
of any handler's reach. Every moment drawn (0 to 500 ms after) falls inside the imports.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from helpers.recorder_cli import start_recorder, wait_until_catching

EARLIEST, LATEST = 0.0, 0.5
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
            process = start_recorder(tmp_path, "verify-outputs", env=env)
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
