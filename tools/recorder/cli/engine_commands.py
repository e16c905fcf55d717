"""The commands that run on an engine: provision, record and check.

Each makes the invocation's run scope, provisions, runs pages in parallel sandboxes and
reports every page in one line, whatever happened to the others.
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from docker.errors import DockerException
from rich.text import Text

from recorder import engine
from recorder.cli.invocation import Invocation, say
from recorder.cli.progress import ConsoleObserver
from recorder.compare.drift import Drift
from recorder.compare.verify import page_drifts
from recorder.engine import image_id
from recorder.engine.run_scope import RunScope
from recorder.errors import EngineError, RecorderError
from recorder.provision.images import Provisioned
from recorder.provision.plan import Log
from recorder.provision.run import Wanted, engine_run
from recorder.provision.sources import RECORDED
from recorder.results import reports
from recorder.results.shards import select
from recorder.results.store import inputs_hash, record_verification, write_page
from recorder.run.runner import run_page
from recorder.sandbox.environment import RunEnvironment
from recorder.site.pages import Page, Project, load_pages
from recorder.site.provenance import Provenance


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


def _log(invocation: Invocation) -> Log:
    return lambda line: invocation.console.print(Text(f"provision: {line}"), soft_wrap=True)


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
    site = Project(args.root).config
    wanted = Wanted.of(site, engine=args.engine, image_source=args.image_source, recordings=recordings)
    if args.images:
        wanted = dataclasses.replace(wanted, images_dir=args.images)
    if args.standins:
        wanted = dataclasses.replace(wanted, standins_dir=args.standins)
    invocation.scope = RunScope(engine.project_key(args.root), invocation.stop, site.naming)
    return engine_run(invocation.scope, args.jobs + 2, _log(invocation), wanted, warn)


def provision(invocation: Invocation) -> int:
    start = time.monotonic()
    with _engine_run(invocation) as provisioned:
        say(
            invocation.console,
            "provisioned",
            "green",
            f"in {time.monotonic() - start:.1f}s: {provisioned.sandbox_image}",
        )
    return 0


def record(invocation: Invocation) -> int:
    args, console = invocation.args, invocation.console
    pages = select(load_pages(Project(args.root), args.pages), args.shard)
    with _engine_run(invocation) as provisioned:
        assert invocation.scope is not None
        client = invocation.scope.client
        assert client is not None
        image_ids = [image_id(client, image) for image in (provisioned.sandbox_image, provisioned.registry_image)]

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


def check(invocation: Invocation) -> int:
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
    assert scope is not None, "pages run inside the invocation's run"
    env = RunEnvironment(scope, provisioned, Project(invocation.args.root).config.workdir).start()
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
