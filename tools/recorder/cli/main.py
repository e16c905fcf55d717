"""The recorder's command line: provision, record, check, verify-outputs, clean.

Each command's module is imported when it runs, so `verify-outputs` (a pre-commit hook)
imports none of the engine's libraries.
"""

from __future__ import annotations

import argparse
import faulthandler
import importlib
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from recorder import stopping
from recorder.cli.invocation import Invocation, say, say_unexpected
from recorder.errors import RecorderError
from recorder.provision.sources import AUTO, MODES, RECORDED
from recorder.results import reports
from recorder.results.shards import shard_option
from recorder.sandbox.engines import DEFAULT_ENGINE, ENGINES

# Much of a page's time is spent waiting (docker stop, sleeps, pulls), not computing, so
# twice as many pages as cores keeps the cores busy (measured by make bench).
DEFAULT_JOBS = max(1, min(8, 2 * (os.cpu_count() or 1)))
# From a stop signal to the exit: removal of the run's objects gets this long, in all.
SHUTDOWN_SECONDS = 12.0
UNWIND_GRACE = 5.0
SIGNALS_EPILOG = """\
stopping: SIGINT (Ctrl-C), SIGTERM and SIGHUP end the running snippets at once, remove
everything the run made on the engine within seconds, and exit by the same signal (a shell
shows status 130, 143 or 129). Outputs change only for pages that finished before the
signal, all their files together. A signal that was ignored when the recorder started stays
ignored, as POSIX asks: a background job (`recorder record &` in a script) ignores SIGINT, and
`nohup` ignores SIGHUP; SIGTERM always works. `kill -USR1 PID` prints every thread's stack.
crashes: a run killed outright (SIGKILL, a lost machine) leaves its objects; the next run on
the same engine, from any checkout, removes them, and `recorder clean` does too.
"""

Handler = Callable[[Invocation], int]


def main(argv: list[str] | None, stop: stopping.StopRequest) -> int:
    """Run one command; `stop` already receives the stop signals (see `launch`)."""
    args = _parser().parse_args(argv)
    console = Console(stderr=True, highlight=False)
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    invocation = Invocation(args, console, stop)
    try:
        status = stopping.run_until_stopped(lambda: _handler(args.handler)(invocation), stop)
    except RecorderError as error:
        say(console, "error:", "red", str(error))
        return error.exit_status
    except Exception as error:
        if _engine_failure(error):
            say(console, "error:", "red", f"the Docker engine failed: {error}")
        else:
            say_unexpected(invocation, "error:", error, traceback.format_exc())
        return 1
    if status is None:
        try:
            _shut_down(invocation)
        finally:  # whatever happens (nobody reads stderr any more, say), the process ends by the signal
            stopping.exit_by_signal(stop.signum or signal.SIGTERM)
    return status


def _handler(reference: str) -> Handler:
    """A command's function, `module:function` in this package, imported only when it runs."""
    module, function = reference.split(":")
    handler: Handler = getattr(importlib.import_module(f"recorder.cli.{module}"), function)
    return handler


def _engine_failure(error: Exception) -> bool:
    """Whether the Docker SDK raised it; only a command that imported the engine's modules can."""
    objects = sys.modules.get("recorder.engine")
    docker_errors = sys.modules.get("docker.errors")
    gone = objects.ENGINE_GONE if objects else ()
    return isinstance(error, gone) or bool(docker_errors and isinstance(error, docker_errors.DockerException))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recorder",
        description=__doc__,
        epilog=SIGNALS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (docs/ and snippets/)")
    parser.add_argument(
        "--images",
        type=Path,
        default=None,
        help="the sandbox's and registry's definitions (default: the configuration's, else the package's)",
    )
    parser.add_argument(
        "--standins",
        type=Path,
        default=None,
        help="the stand-in catalogue's folder (default: [tool.recorder] standins)",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--verbose", action="store_true", help="add the traceback to an unexpected error")
    commands = parser.add_subparsers(required=True, dest="command")
    prov = commands.add_parser("provision", parents=[common], help="build or pull every image the recording needs")
    _add_image_options(prov, AUTO)
    prov.set_defaults(handler="engine_commands:provision", jobs=1, pages=None)
    for name, handler, help_text in (
        ("record", "engine_commands:record", "run the snippets and write their outputs"),
        ("check", "engine_commands:check", "run the snippets again and fail if any output drifted"),
    ):
        sub = commands.add_parser(
            name,
            parents=[common],
            help=help_text,
            epilog=SIGNALS_EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _add_image_options(sub, AUTO if name == "record" else RECORDED)
        sub.add_argument("--page", action="append", dest="pages", help="only this page (repeatable)")
        sub.add_argument("-j", "--jobs", type=int, default=DEFAULT_JOBS, help="pages run at once")
        sub.add_argument("--shard", type=shard_option, metavar="I/N", help="only shard I of N (split by duration)")
        reports.add_options(sub)
        if name == "record":
            sub.add_argument("--all", action="store_true", help="record pages even when nothing changed")
        sub.set_defaults(handler=handler)
    verify = commands.add_parser(
        "verify-outputs", parents=[common], help="fail if an output or command differs from its recording"
    )
    verify.add_argument("--page", action="append", dest="pages", help="only this page (repeatable)")
    verify.set_defaults(handler="verify_command:verify_outputs", jobs=1)
    clean_parser = commands.add_parser(
        "clean",
        parents=[common],
        help="remove what runs of this checkout left on the engine (never a live run's objects)",
        description=(
            "Remove the containers, networks and volumes that finished runs of this checkout left "
            "(a run killed outright, or one from before leases). A run whose recorder still runs is "
            "left alone, with a line saying so. Containers you made from our images are never touched."
        ),
    )
    clean_parser.add_argument(
        "--all-projects", action="store_true", help="every checkout's leftovers, not only this one's"
    )
    clean_parser.add_argument(
        "--images", action="store_true", help="also remove the cached images that no container uses"
    )
    clean_parser.set_defaults(handler="clean_command:clean_command", jobs=1)
    return parser


def _add_image_options(parser: argparse.ArgumentParser, source: str) -> None:
    parser.add_argument(
        "--engine", choices=list(ENGINES), default=DEFAULT_ENGINE, help="the sandbox's Docker (default %(default)s)"
    )
    parser.add_argument(
        "--image-source",
        choices=MODES,
        default=source,
        help="where pulled images come from: official (Docker Hub), stand-in, as recorded, or auto "
        "(official where Docker Hub answers); default %(default)s",
    )


def _shut_down(invocation: Invocation) -> None:
    """After a stop signal: remove the run's objects within the deadline, let a begun write end, say so."""
    stop, console = invocation.stop, invocation.console
    deadline = time.monotonic() + SHUTDOWN_SECONDS
    signum = stop.signum or signal.SIGTERM
    left = invocation.scope.close(deadline) if invocation.scope else None
    writes_done = stop.wait_for_writes(deadline)
    # Local leftovers (an mmdebstrap folder) go as the work unwinds; a call stuck on the engine is not waited for.
    stop.unwound.wait(max(0.0, min(UNWIND_GRACE, deadline - time.monotonic())))
    if invocation.observer:
        invocation.observer.close()
    name = signal.Signals(signum).name
    message = left or "removed everything the run made on the engine"
    if not writes_done:
        message += "; a page's outputs were still being written at the deadline"
    elif invocation.written:
        message += f"; outputs unchanged except pages finished before the stop: {', '.join(invocation.written)}"
    else:
        message += "; outputs unchanged"
    say(console, "interrupted:", "red", f"by {name}: {message}")
