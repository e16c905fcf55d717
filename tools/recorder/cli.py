"""The recorder's command line: provision, record, check, verify-outputs, clean."""

from __future__ import annotations

import argparse
import faulthandler
import os
import signal
import time
import traceback
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from docker.errors import DockerException
from rich.console import Console
from rich.text import Text

from recorder import endpoint, engine, reports, stopping
from recorder.cleaning import clean
from recorder.compare import Drift
from recorder.engine_run import Wanted, engine_run
from recorder.errors import EngineError, RecorderError
from recorder.integrity import recording_problems
from recorder.pages import Page, Project, load_pages
from recorder.progress import ConsoleObserver
from recorder.provenance import Provenance
from recorder.provision import IMAGES_DIR, Log, Provisioned
from recorder.run_scope import RunScope
from recorder.runner import run_page
from recorder.sandbox import RunEnvironment
from recorder.sandbox_engines import DEFAULT_ENGINE, ENGINES
from recorder.shards import select, shard_option
from recorder.sources import AUTO, MODES, RECORDED
from recorder.store import inputs_hash, record_verification, write_page
from recorder.verify import page_drifts

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


@dataclass
class Invocation:
    """One command as typed: its options, where it reports, its run on the engine, what it wrote."""

    args: argparse.Namespace
    console: Console
    scope: RunScope
    written: list[str] = field(default_factory=list)
    observer: ConsoleObserver | None = None


@dataclass
class PageOutcome:
    """How one page ended, kept together so parallel pages never interleave their reports."""

    page: Page
    seconds: float = 0.0
    cpu_seconds: float | None = None
    error: RecorderError | None = None
    trace: str = ""
    drifts: list[Drift] = field(default_factory=list)
    skipped: bool = False


def main(argv: list[str] | None, stop: stopping.StopRequest) -> int:
    """Run one command; `stop` already receives the stop signals (see `launch`)."""
    args = _parser().parse_args(argv)
    console = Console(stderr=True, highlight=False)
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    invocation = Invocation(args, console, RunScope(engine.project_key(args.root), stop))
    try:
        status = stopping.run_until_stopped(lambda: args.handler(invocation), stop)
    except RecorderError as error:
        say(console, "error:", "red", str(error))
        return error.exit_status
    except (DockerException, *engine.ENGINE_GONE) as error:
        say(console, "error:", "red", f"the Docker engine failed: {error}")
        return 1
    except Exception as error:
        _say_unexpected(invocation, "error:", error, traceback.format_exc())
        return 1
    if status is None:
        try:
            _shut_down(invocation)
        finally:  # whatever happens (nobody reads stderr any more, say), the process ends by the signal
            stopping.exit_by_signal(stop.signum or signal.SIGTERM)
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recorder",
        description=__doc__,
        epilog=SIGNALS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (docs/ and snippets/)")
    parser.add_argument(
        "--images", type=Path, default=IMAGES_DIR, help="Dockerfiles of sandbox, registry and stand-ins"
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--verbose", action="store_true", help="add the traceback to an unexpected error")
    commands = parser.add_subparsers(required=True, dest="command")
    prov = commands.add_parser("provision", parents=[common], help="build or pull every image the recording needs")
    _add_image_options(prov, AUTO)
    prov.set_defaults(handler=_provision, jobs=1, pages=None)
    for name, handler, help_text in (
        ("record", _record, "run the snippets and write their outputs"),
        ("check", _check, "run the snippets again and fail if any output drifted"),
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
    verify.set_defaults(handler=_verify_outputs, jobs=1)
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
    clean_parser.set_defaults(handler=_clean, jobs=1)
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


def say(console: Console, tag: str, style: str, message: str) -> None:
    """One report line: our tag in colour, then the message exactly as given (never read as markup)."""
    console.print(Text.assemble((tag, style), " ", message), soft_wrap=True)


def _log(console: Console) -> Log:
    return lambda line: console.print(Text(f"provision: {line}"), soft_wrap=True)


def _say_unexpected(invocation: Invocation, tag: str, error: BaseException, trace: str) -> None:
    """An error the recorder has no words for: its type and message, the traceback with --verbose."""
    hint = "" if invocation.args.verbose else " (--verbose shows the traceback)"
    say(invocation.console, tag, "red", f"{type(error).__name__}: {error}{hint}")
    if invocation.args.verbose:
        invocation.console.print(Text(trace.rstrip()), soft_wrap=True)


def _engine_run(invocation: Invocation) -> AbstractContextManager[Provisioned]:
    """The run on the engine, provisioned for the engine and image sources asked, knowing what
    the pages were recorded with (for `--image-source recorded`)."""
    args = invocation.args
    console = invocation.console

    def warn(line: str) -> None:
        say(console, "warning:", "yellow", line)

    recordings = {}
    if args.image_source == RECORDED:
        pages = load_pages(Project(args.root), args.pages)
        recordings = {page.name: provenance.images for page in pages if (provenance := Provenance.load(page))}
    wanted = Wanted(args.images, args.engine, args.image_source, recordings)
    return engine_run(invocation.scope, args.jobs + 2, _log(console), wanted, warn)


def _shut_down(invocation: Invocation) -> None:
    """After a stop signal: remove the run's objects within the deadline, let a begun write end, say so."""
    scope, console = invocation.scope, invocation.console
    deadline = time.monotonic() + SHUTDOWN_SECONDS
    signum = scope.stop.signum or signal.SIGTERM
    left = scope.close(deadline)
    writes_done = scope.stop.wait_for_writes(deadline)
    # Local leftovers (an mmdebstrap folder) go as the work unwinds; a call stuck on the engine is not waited for.
    scope.stop.unwound.wait(max(0.0, min(UNWIND_GRACE, deadline - time.monotonic())))
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


def _provision(invocation: Invocation) -> int:
    start = time.monotonic()
    with _engine_run(invocation) as provisioned:
        say(
            invocation.console,
            "provisioned",
            "green",
            f"in {time.monotonic() - start:.1f}s: {provisioned.sandbox_image}",
        )
    return 0


def _record(invocation: Invocation) -> int:
    args, console = invocation.args, invocation.console
    pages = select(load_pages(Project(args.root), args.pages), args.shard)
    with _engine_run(invocation) as provisioned:
        client = invocation.scope.client
        assert client is not None
        image_ids = [client.images.get(image).id for image in (provisioned.sandbox_image, provisioned.registry_image)]

        def record_one(env: RunEnvironment, page: Page, observer: ConsoleObserver) -> PageOutcome:
            inputs = inputs_hash(page, image_ids)
            previous = Provenance.load(page)
            if not args.all and previous and previous.inputs_sha256 == inputs and _outputs_present(page):
                return PageOutcome(page, skipped=True)
            run = run_page(env, page, observer)
            with env.stop.uninterruptible():
                write_page(run, provisioned.origins, image_ids, args.engine)
                invocation.written.append(page.name)
            return PageOutcome(page, cpu_seconds=run.cpu_seconds)

        outcomes = _run_pages(invocation, provisioned, pages, record_one)
    reports.write_requested(args, outcomes)
    for outcome in outcomes:
        if outcome.error:
            _say_failed(invocation, outcome)
        elif outcome.skipped:
            console.print(Text(f"unchanged {outcome.page.name}: inputs as recorded (use --all to record anyway)"))
        else:
            console.print(
                Text(f"recorded {outcome.page.name}: {len(outcome.page.snippets)} snippets in {outcome.seconds:.1f}s")
            )
    return _status([o for o in outcomes if o.error])


def _check(invocation: Invocation) -> int:
    args, console = invocation.args, invocation.console
    pages = select(load_pages(Project(args.root), args.pages), args.shard)

    recorded_on = {page.name: provenance.engine for page in pages if (provenance := Provenance.load(page))}
    elsewhere = sorted({engine for engine in recorded_on.values() if engine not in ("", args.engine)})
    if elsewhere:
        say(
            console,
            "note:",
            "yellow",
            f"engine {args.engine}: comparing exit statuses only where outputs were recorded on {', '.join(elsewhere)}",
        )

    def compares_outputs(page: Page) -> bool:
        return recorded_on.get(page.name, "") in ("", args.engine)

    def check_one(env: RunEnvironment, page: Page, observer: ConsoleObserver) -> PageOutcome:
        run = run_page(env, page, observer)
        drifts = page_drifts(run, compare_outputs=compares_outputs(page))
        if not drifts:
            with env.stop.uninterruptible():
                record_verification(page, args.engine, run.versions)
        return PageOutcome(page, cpu_seconds=run.cpu_seconds, drifts=drifts)

    with _engine_run(invocation) as provisioned:
        outcomes = _run_pages(invocation, provisioned, pages, check_one)
    reports.write_requested(args, outcomes)
    for outcome in outcomes:
        if outcome.error:
            _say_failed(invocation, outcome)
        elif outcome.drifts:
            for drift in outcome.drifts:
                say(console, "DRIFT", "red", str(drift))
        else:
            console.print(
                Text(
                    f"ok {outcome.page.name}: {len(outcome.page.snippets)} snippets "
                    f"{'match' if compares_outputs(outcome.page) else 'exit as recorded'} ({outcome.seconds:.1f}s)"
                )
            )
    bad = [o for o in outcomes if o.error or o.drifts]
    if not bad:
        console.print(Text(f"check passed: {len(outcomes)} page(s) match Docker"))
    return _status(bad)


def _verify_outputs(invocation: Invocation) -> int:
    """No engine: every output as the recorder wrote it, for the command on the page (pre-commit)."""
    args, console = invocation.args, invocation.console
    pages = load_pages(Project(args.root), args.pages)
    problems = [problem for page in pages for problem in recording_problems(page)]
    for problem in problems:
        say(console, "not as recorded", "red", str(problem))
    if problems:
        again = sorted({problem.page for problem in problems})
        console.print(Text(f"outputs come only from the recorder: make record PAGE=NAME for {', '.join(again)}"))
        return 1
    console.print(Text(f"{len(pages)} page(s): every output is as the recorder wrote it"))
    return 0


def _say_failed(invocation: Invocation, outcome: PageOutcome) -> None:
    hint = " (--verbose shows the traceback)" if outcome.trace and not invocation.args.verbose else ""
    say(invocation.console, "FAILED", "red", f"{outcome.page.name}: {outcome.error}{hint}")
    if outcome.trace and invocation.args.verbose:
        invocation.console.print(Text(outcome.trace.rstrip()), soft_wrap=True)


def _status(bad: list[PageOutcome]) -> int:
    if not bad:
        return 0
    return max((o.error.exit_status if o.error else 1) for o in bad)


PageJob = Callable[[RunEnvironment, Page, ConsoleObserver], PageOutcome]


def _run_pages(invocation: Invocation, provisioned: Provisioned, pages: list[Page], job: PageJob) -> list[PageOutcome]:
    """Run pages in parallel sandboxes, reacting to a stop request between waits."""
    scope = invocation.scope
    env = RunEnvironment(scope, provisioned).start()
    outcomes: dict[str, PageOutcome] = {}
    with ConsoleObserver(invocation.console, pages) as observer:
        invocation.observer = observer
        pool = ThreadPoolExecutor(max_workers=max(1, invocation.args.jobs), thread_name_prefix="page")
        try:
            futures: list[Future[PageOutcome]] = [
                pool.submit(_timed, job, env, page, observer) for page in longest_first(pages)
            ]
            pending = set(futures)
            while pending:
                scope.stop.raise_if_requested()
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    outcome = future.result()
                    outcomes[outcome.page.name] = outcome
                    observer.page_finished(outcome.page, ok=not (outcome.error or outcome.drifts))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # the run's cleanup ends what still runs
            raise
        pool.shutdown(wait=True)
    return [outcomes[page.name] for page in pages]


def longest_first(pages: list[Page]) -> list[Page]:
    """Start the pages that took longest last time first, so the run ends with short ones."""

    def last_duration(page: Page) -> float:
        provenance = Provenance.load(page)
        return provenance.duration_s if provenance else 0.0

    return sorted(pages, key=last_duration, reverse=True)


def _timed(job: PageJob, env: RunEnvironment, page: Page, observer: ConsoleObserver) -> PageOutcome:
    """The page's error boundary: whatever goes wrong in it fails this page alone, in one line."""
    start = time.monotonic()
    observer.page_started(page)
    try:
        outcome = job(env, page, observer)
    except RecorderError as error:
        outcome = PageOutcome(page, error=error)
    except DockerException as error:
        outcome = PageOutcome(page, error=EngineError(f"{page.name}: the Docker engine refused: {error}"))
    except engine.ENGINE_GONE:
        outcome = PageOutcome(page, error=EngineError(f"{page.name}: the Docker engine stopped answering"))
    except Exception as error:
        failure = RecorderError(f"{type(error).__name__}: {error}")
        outcome = PageOutcome(page, error=failure, trace=traceback.format_exc())
    outcome.seconds = time.monotonic() - start
    return outcome


def _outputs_present(page: Page) -> bool:
    return all(snippet.output_path.is_file() for snippet in page.snippets)


def _clean(invocation: Invocation) -> int:
    args, console, scope = invocation.args, invocation.console, invocation.scope
    client = scope.connect(endpoint.resolve(), pool_size=4)
    project = None if args.all_projects else scope.project
    result = clean(client, project, args.images, lambda line: console.print(Text(line), soft_wrap=True))
    whose = "every checkout's" if args.all_projects else "this checkout's"
    summary = f"removed {len(result.removed)} object(s) of {whose} finished runs"
    if args.images:
        summary += f" and {len(result.images_removed)} cached image name(s)"
    console.print(Text(summary))
    return 1 if result.left else 0
