"""Runs one page's snippets, in page order, in a fresh sandbox, and collects what they show."""

from __future__ import annotations

import re
import time
from typing import Protocol

from recorder.compare.masks import GENERATED_NAME
from recorder.engine import answers
from recorder.errors import EngineError, SnippetError
from recorder.kinds import SNIPPET_KINDS, Runner, Sandboxed
from recorder.results.runs import PageRun, SnippetRun
from recorder.run import cpu_time
from recorder.run.session import SessionFailure, SnippetTimeout
from recorder.run.terminal import emulate, render
from recorder.sandbox.engines import CLASSIC_STORE, CONTAINERD_STORE
from recorder.sandbox.environment import RunEnvironment
from recorder.site.pages import Page, Snippet

TAIL_LINES = 15
IMAGE_REFERENCE = re.compile(r"^(?:FROM\s+|\s*image:\s*)([\w./:-]+)", re.MULTILINE)
VERSION_COMMANDS = {
    "engine": ["docker", "version", "--format", "{{.Server.Version}}"],
    "compose": ["docker", "compose", "version", "--short"],
    "buildx": ["sh", "-c", "docker buildx version | cut -d' ' -f2"],
}
MEMORY_TOTAL_COMMAND = ["docker", "info", "--format", "{{.MemTotal}}"]
# The image store the engine really used: the containerd store names its snapshotter here.
DRIVER_STATUS_COMMAND = ["docker", "info", "--format", "{{json .DriverStatus}}"]
CONTAINERD_SNAPSHOTTER = "io.containerd.snapshotter.v1"


class Observer(Protocol):
    """Who is told what runs: a snippet starting, and its output so far while it runs."""

    def snippet_started(self, snippet: Snippet) -> None: ...

    def snippet_output(self, snippet: Snippet, seen: str) -> None: ...


def run_page(env: RunEnvironment, page: Page, observer: Observer | None = None) -> PageRun:
    """Run the page in its own sandbox; any failure names the page and snippet."""
    started = time.monotonic()
    result = PageRun(page)
    with env.sandbox(page.name, page.files_dir) as sandbox:
        where = Sandboxed(sandbox.name, env.scope.endpoint_environment(), env.stop, env.workdir)
        runners: dict[str, Runner] = {}
        try:
            for snippet in page.snippets:
                env.stop.raise_if_requested()
                kind = snippet.options.kind
                if kind not in runners:
                    runners[kind] = _start(kind, where, page)
                if observer:
                    observer.snippet_started(snippet)
                try:
                    result.runs.append(_run_snippet(runners[kind], snippet, result.runs, observer))
                except SnippetError:
                    if not answers(env.client):
                        raise EngineError(f"{page.name}/{snippet.name}: the Docker engine stopped answering") from None
                    raise
        finally:
            for runner in runners.values():
                runner.close()
        for tool, command in VERSION_COMMANDS.items():
            code, output = sandbox.exec(command)
            result.versions[tool] = output.strip() if code == 0 else "unknown"
        result.versions["image_store"] = image_store(*sandbox.exec(DRIVER_STATUS_COMMAND))
        code, output = sandbox.exec(MEMORY_TOTAL_COMMAND)
        if code == 0 and output.strip().isdigit():
            result.machine["memory_total"] = docker_size(int(output))
        code, output = sandbox.exec(["docker", "images", "--format", "{{.Repository}}:{{.Tag}}"])
        listed = output.split() if code == 0 else []
        result.images_used = sorted(set(listed) | images_named_in_files(page))
        code, output = sandbox.exec(cpu_time.COMMAND)
        result.cpu_seconds = cpu_time.cpu_seconds(output) if code == 0 else None  # a measure only
    result.seconds = time.monotonic() - started
    return result


def image_store(code: int, driver_status: str) -> str:
    """`containerd` or `classic`, as `docker info` shows it (`unknown` if it could not say)."""
    if code != 0:
        return "unknown"
    return CONTAINERD_STORE if CONTAINERD_SNAPSHOTTER in driver_status else CLASSIC_STORE


def _start(kind: str, where: Sandboxed, page: Page) -> Runner:
    """The page's runner of that kind, started in its sandbox when its first snippet comes."""
    try:
        return SNIPPET_KINDS.get(kind).start(where)
    except SessionFailure as failure:
        raise EngineError(
            f"{page.name}: cannot start the {kind} kind in the sandbox: {failure}: {failure.raw.strip()}"
        ) from None


def _run_snippet(session: Runner, snippet: Snippet, earlier: list[SnippetRun], observer: Observer | None) -> SnippetRun:
    command = resolve_command(snippet, earlier)
    try:
        on_output = (lambda seen: observer.snippet_output(snippet, seen)) if observer else None
        result = session.run(command, snippet.options, on_output)
    except SessionFailure as failure:
        limit = f" ({snippet.options.timeout:g}s)" if isinstance(failure, SnippetTimeout) else ""
        raise SnippetError(snippet.page, snippet.name, f"{failure}{limit}", _tail(render(failure.raw))) from None
    screen = emulate(result.raw)
    expected = snippet.options.expected_status
    if result.status != expected:
        raise SnippetError(
            snippet.page,
            snippet.name,
            f"exited with status {result.status}, expected {expected}",
            _tail(screen.text),
        )
    return SnippetRun(snippet, command, screen, result.status)


def resolve_command(snippet: Snippet, earlier: list[SnippetRun]) -> str:
    """Put this run's generated names into a command that refers to an earlier output's names.

    A page may remove "the first container" by the name Docker gave it; that name differs on
    every run, so the n-th generated name in the command becomes the n-th one that the
    `names_from` snippet printed in this run.
    """
    command = snippet.command
    source_name = snippet.options.names_from
    if source_name is None:
        return command
    source = next(run for run in earlier if run.snippet.name == source_name)
    fresh = list(dict.fromkeys(GENERATED_NAME.findall(source.output)))
    wanted = list(dict.fromkeys(GENERATED_NAME.findall(command)))
    if len(fresh) < len(wanted):
        raise SnippetError(
            snippet.page,
            snippet.name,
            f"names {len(wanted)} generated name(s) but {source_name} printed {len(fresh)}",
        )
    mapping = dict(zip(wanted, fresh, strict=False))
    return GENERATED_NAME.sub(lambda match: mapping[match.group()], command)


def images_named_in_files(page: Page) -> set[str]:
    """Base images that builds pull (FROM, compose's image:), which `docker images` may not list."""
    found = set()
    if page.files_dir.is_dir():
        for path in page.files_dir.rglob("*"):
            if path.is_file():
                found |= {_with_tag(name) for name in IMAGE_REFERENCE.findall(path.read_text(errors="replace"))}
    return found


def docker_size(size: float) -> str:
    """A size in bytes as Docker prints it (go-units' BytesSize: 4 significant digits, binary units)."""
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
    unit = 0
    while size >= 1024 and unit < len(units) - 1:
        size /= 1024
        unit += 1
    return f"{size:.4g}{units[unit]}"


def _with_tag(reference: str) -> str:
    return reference if ":" in reference.rsplit("/", 1)[-1] else f"{reference}:latest"


def _tail(output: str) -> str:
    lines = output.rstrip("\n").splitlines()[-TAIL_LINES:]
    return "\n".join(f"    | {line}" for line in lines)
