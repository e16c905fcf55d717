"""The `recorder` command's first lines: stop signals are caught before anything else is imported.

Importing the command line (the Docker SDK, rich, pexpect, pyte) takes about a third of a
second, and even the signal relay's own modules take some 30 ms. A signal in that time used
to meet Python's defaults: a KeyboardInterrupt traceback for SIGINT, a silent death for
SIGTERM. Here, before any other import, a bare handler notes the signal; once the relay
runs, what was noted becomes a stop request like any later signal, so a signal at any moment
after the interpreter has started ends the run with the one-line message and its status.
Only the interpreter's own start-up, before this module runs (about 10 ms), is out of reach.
"""

import signal
import sys

_NOTED: list[int] = []
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# Ignored by the parent on purpose (a background job, nohup): left ignored, as `stopping` does.
_IGNORABLE = (signal.SIGINT, signal.SIGHUP)


def _note(signum: int, frame: object) -> None:
    _NOTED.append(signum)


for _signum in _STOP_SIGNALS:
    if _signum not in _IGNORABLE or signal.getsignal(_signum) != signal.SIG_IGN:
        signal.signal(_signum, _note)


def main(argv: list[str] | None = None) -> int:
    from recorder import stopping

    stop = stopping.StopRequest()
    stopping.listen(stop)  # replaces the bare handlers; a signal noted until now is handed over
    for signum in _NOTED:
        stop.request(signum)
    from recorder.cli.main import main as run_command_line  # the heavy imports

    return run_command_line(argv, stop)


if __name__ == "__main__":
    sys.exit(main())
