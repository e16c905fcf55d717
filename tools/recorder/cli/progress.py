"""Shows which snippet of which page is running: live bars on a terminal, plain lines in CI."""

from __future__ import annotations

import re
import threading
import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from recorder.site.pages import Page, Snippet

QUIET_SECONDS = 15.0
TAIL_CHARACTERS = 4096
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")


def last_line(raw: str) -> str:
    """The last visible line of a raw pty stream, for a one-line progress display.

    Only the stream's end is read: a long build's stream is large, and this runs every second.
    """
    parts = [part.strip() for part in re.split(r"[\r\n]+", ESCAPES.sub("", raw[-TAIL_CHARACTERS:]))]
    return next((part for part in reversed(parts) if part), "")


class ConsoleObserver:
    """The console's observer: thread-safe progress for several pages at once."""

    def __init__(self, console: Console, pages: list[Page]) -> None:
        self.console = console
        self._live = console.is_terminal
        self._lock = threading.Lock()
        self._progress = Progress(
            TextColumn("{task.fields[page]:<16}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            # What a snippet printed is shown as it is: `[internal]` is BuildKit's text, not markup.
            TextColumn("{task.fields[snippet]}", markup=False),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}
        self._running: dict[tuple[str, str], float] = {}
        self._last_print: dict[tuple[str, str], float] = {}
        self._positions = {(page.name, s.name): i for page in pages for i, s in enumerate(page.snippets)}
        for page in pages:
            self._tasks[page.name] = self._progress.add_task(
                page.name, total=len(page.snippets), page=page.name, snippet="waiting", start=False
            )

    def __enter__(self) -> ConsoleObserver:
        if self._live:
            self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the live display (and give the cursor back); also called by a shutdown from another thread."""
        if self._live:
            self._progress.stop()

    def page_started(self, page: Page) -> None:
        with self._lock:
            self._progress.start_task(self._tasks[page.name])
            if not self._live:
                self.console.print(f"{page.name}: started", markup=False)

    def snippet_started(self, snippet: Snippet) -> None:
        with self._lock:
            task = self._tasks[snippet.page]
            done = self._positions[(snippet.page, snippet.name)]
            self._progress.update(task, completed=done, snippet=snippet.name)
            if not self._live:
                self.console.print(f"{snippet.page}: {snippet.name}", markup=False)

    def snippet_output(self, snippet: Snippet, seen: str) -> None:
        """Show the last line a long-running snippet printed (a build step, a pull)."""
        line = last_line(seen)
        with self._lock:
            self._progress.update(self._tasks[snippet.page], snippet=f"{snippet.name}: {line[:60]}")
            key = (snippet.page, snippet.name)
            now = time.monotonic()
            started = self._running.setdefault(key, now)
            if not self._live and line and now - self._last_print.get(key, started) >= QUIET_SECONDS:
                self._last_print[key] = now
                self.console.print(
                    f"{snippet.page}: {snippet.name} still running ({now - started:.0f}s): {line}", markup=False
                )

    def page_finished(self, page: Page, ok: bool) -> None:
        with self._lock:
            self._progress.update(
                self._tasks[page.name],
                completed=len(page.snippets),
                snippet="done" if ok else "failed",
            )
