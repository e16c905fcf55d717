"""The recorder's command line: provision, record, check, clean."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import docker
from docker.errors import DockerException
from rich.console import Console

from recorder import engine
from recorder.compare import Drift
from recorder.errors import EngineError, Interrupted, RecorderError
from recorder.pages import Page, Project, load_pages
from recorder.plan import Log
from recorder.progress import ConsoleObserver
from recorder.provision import IMAGES_DIR, Provisioned, provision
from recorder.runner import run_page
from recorder.sandbox import RunEnvironment
from recorder.sandbox_engines import DEFAULT_ENGINE, ENGINES
from recorder.sources import AUTO, MODES, RECORDED
from recorder.store import Provenance, inputs_hash, record_verification, recorded_engine, write_page
from recorder.verify import page_drifts

# Much of a page's time is spent waiting (docker stop, sleeps, pulls), not computing, so
# twice as many pages as cores keeps the cores busy (measured by make bench).
DEFAULT_JOBS = max(1, min(8, 2 * (os.cpu_count() or 1)))


@dataclass
class PageOutcome:
    """How one page ended, kept together so parallel pages never interleave their reports."""

    page: Page
    seconds: float = 0.0
    error: RecorderError | None = None
    drifts: list[Drift] = field(default_factory=list)
    skipped: bool = False


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = Console(stderr=True, highlight=False)
    _terminate_as_interrupt()
    try:
        return args.handler(args, console)
    except RecorderError as error:
        console.print(f"[red]error:[/red] {error}", markup=True, soft_wrap=True)
        return error.exit_status
    except (DockerException, *engine.ENGINE_GONE) as error:
        console.print(f"[red]error:[/red] the Docker engine failed: {error}", soft_wrap=True)
        return 1
    except KeyboardInterrupt:
        console.print("[red]interrupted:[/red] everything the run made has been removed; outputs untouched")
        return Interrupted.exit_status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="recorder", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (docs/ and snippets/)")
    parser.add_argument(
        "--images", type=Path, default=IMAGES_DIR, help="Dockerfiles of sandbox, registry and stand-ins"
    )
    commands = parser.add_subparsers(required=True, dest="command")
    for name, handler, help_text, source in (
        ("provision", _provision, "build or pull every image the recording needs", AUTO),
        ("record", _record, "run the snippets and write their outputs", AUTO),
        ("check", _check, "run the snippets again and fail if any output drifted", RECORDED),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument(
            "--engine", choices=list(ENGINES), default=DEFAULT_ENGINE, help="the sandbox's Docker (default %(default)s)"
        )
        sub.add_argument(
            "--image-source",
            choices=MODES,
            default=source,
            help="where pulled images come from: official (Docker Hub), stand-in, as recorded, or auto "
            "(official where Docker Hub answers); default %(default)s",
        )
        if name != "provision":
            sub.add_argument("--page", action="append", dest="pages", help="only this page (repeatable)")
            sub.add_argument("-j", "--jobs", type=int, default=DEFAULT_JOBS, help="pages run at once")
        if name == "record":
            sub.add_argument("--all", action="store_true", help="record pages even when nothing changed")
        sub.set_defaults(handler=handler)
    clean = commands.add_parser("clean", help="remove what an interrupted run left on the engine")
    clean.add_argument("--images", action="store_true", help="also remove the cached images")
    clean.set_defaults(handler=_clean)
    return parser


def _terminate_as_interrupt() -> None:
    """SIGTERM cleans up exactly like Ctrl-C does."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def _provision(args: argparse.Namespace, console: Console) -> int:
    start = time.monotonic()
    pages = load_pages(Project(args.root)) if args.image_source == RECORDED else []
    provisioned = _provisioned(args, console, engine.connect(), pages)
    console.print(f"provisioned in {time.monotonic() - start:.1f}s: sandbox {provisioned.sandbox_image}")
    return 0


def _provisioned(
    args: argparse.Namespace, console: Console, client: docker.DockerClient, pages: list[Page]
) -> Provisioned:
    """Provision for the engine and image sources asked, knowing what the pages were recorded with."""
    recordings = {
        page.name: provenance.data.get("images") or {} for page in pages if (provenance := Provenance.load(page))
    }
    return provision(client, _log(console), args.images, args.engine, args.image_source, recordings)


def _record(args: argparse.Namespace, console: Console) -> int:
    pages = load_pages(Project(args.root), args.pages)
    client = engine.connect()
    provisioned = _provisioned(args, console, client, pages)
    image_ids = _image_ids(client, provisioned)

    def record_one(env: RunEnvironment, page: Page, observer: ConsoleObserver) -> PageOutcome:
        inputs = inputs_hash(page, image_ids)
        previous = Provenance.load(page)
        if not args.all and previous and previous.data.get("inputs_sha256") == inputs and _outputs_present(page):
            return PageOutcome(page, skipped=True)
        run = run_page(env, page, observer)
        write_page(run, provisioned.origins, image_ids, args.engine)
        return PageOutcome(page)

    outcomes = _run_pages(client, provisioned, engine.project_key(args.root), pages, args.jobs, console, record_one)
    failed = [o for o in outcomes if o.error]
    for outcome in outcomes:
        if outcome.error:
            console.print(f"[red]FAILED[/red] {outcome.page.name}: {outcome.error}", soft_wrap=True)
        elif outcome.skipped:
            console.print(f"unchanged {outcome.page.name}: inputs as recorded (use --all to record anyway)")
        else:
            console.print(
                f"recorded {outcome.page.name}: {len(outcome.page.snippets)} snippets in {outcome.seconds:.1f}s"
            )
    return _status(failed)


def _check(args: argparse.Namespace, console: Console) -> int:
    pages = load_pages(Project(args.root), args.pages)
    client = engine.connect()
    provisioned = _provisioned(args, console, client, pages)
    elsewhere = sorted({name for page in pages if (name := recorded_engine(page)) not in (None, args.engine)})
    if elsewhere:
        console.print(
            f"engine {args.engine}: comparing exit statuses only where outputs were recorded on {', '.join(elsewhere)}",
            soft_wrap=True,
        )

    def check_one(env: RunEnvironment, page: Page, observer: ConsoleObserver) -> PageOutcome:
        run = run_page(env, page, observer)
        drifts = page_drifts(run, compare_outputs=recorded_engine(page) in (None, args.engine))
        if not drifts:
            record_verification(page, args.engine, run.versions)
        return PageOutcome(page, drifts=drifts)

    outcomes = _run_pages(client, provisioned, engine.project_key(args.root), pages, args.jobs, console, check_one)
    for outcome in outcomes:
        if outcome.error:
            console.print(f"[red]FAILED[/red] {outcome.page.name}: {outcome.error}", soft_wrap=True)
        elif outcome.drifts:
            for drift in outcome.drifts:
                console.print(f"[red]DRIFT[/red] {drift}", soft_wrap=True, markup=True, highlight=False)
        else:
            console.print(
                f"ok {outcome.page.name}: {len(outcome.page.snippets)} snippets match ({outcome.seconds:.1f}s)"
            )
    bad = [o for o in outcomes if o.error or o.drifts]
    if not bad:
        console.print(f"check passed: {len(outcomes)} page(s) match Docker")
    return _status(bad)


def _log(console: Console) -> Log:
    return lambda line: console.print(f"provision: {line}", soft_wrap=True)


def _status(bad: list[PageOutcome]) -> int:
    if not bad:
        return 0
    return max((o.error.exit_status if o.error else 1) for o in bad)


PageJob = Callable[[RunEnvironment, Page, ConsoleObserver], PageOutcome]


def _run_pages(
    client: docker.DockerClient,
    provisioned: Provisioned,
    project: str,
    pages: list[Page],
    jobs: int,
    console: Console,
    job: PageJob,
) -> list[PageOutcome]:
    """Run pages in parallel sandboxes; the environment is removed whatever happens."""
    outcomes: dict[str, PageOutcome] = {}
    with RunEnvironment(client, provisioned, project) as env, ConsoleObserver(console, pages) as observer:
        pool = ThreadPoolExecutor(max_workers=max(1, jobs))
        futures: list[Future[PageOutcome]] = []
        try:
            futures = [pool.submit(_timed, job, env, page, observer) for page in longest_first(pages)]
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    outcome = future.result()
                    outcomes[outcome.page.name] = outcome
                    observer.page_finished(outcome.page, ok=not (outcome.error or outcome.drifts))
        except BaseException:
            for future in futures:
                future.cancel()
            env.close()  # ends every sandbox, so running sessions stop at once
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    return [outcomes[page.name] for page in pages]


def longest_first(pages: list[Page]) -> list[Page]:
    """Start the pages that took longest last time first, so the run ends with short ones."""

    def last_duration(page: Page) -> float:
        provenance = Provenance.load(page)
        return float(provenance.data.get("duration_s", 0)) if provenance else 0.0

    return sorted(pages, key=last_duration, reverse=True)


def _timed(job: PageJob, env: RunEnvironment, page: Page, observer: ConsoleObserver) -> PageOutcome:
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
    outcome.seconds = time.monotonic() - start
    return outcome


def _image_ids(client: docker.DockerClient, provisioned: Provisioned) -> list[str]:
    return [client.images.get(image).id for image in (provisioned.sandbox_image, provisioned.registry_image)]


def _outputs_present(page: Page) -> bool:
    return all(snippet.output_path.is_file() for snippet in page.snippets)


def _clean(args: argparse.Namespace, console: Console) -> int:
    client = engine.connect()
    engine.remove_run_objects(client)
    if args.images:
        for image in client.images.list(filters={"label": f"{engine.LABEL}={engine.CACHE}"}):
            client.images.remove(image.id, force=True)
    console.print("removed everything labelled by the recorder")
    return 0


if __name__ == "__main__":
    sys.exit(main())
