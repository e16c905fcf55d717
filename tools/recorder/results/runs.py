"""What one run of a page gave: each snippet's screen and status, and the facts around them.

Made by `run.runner` in a sandbox; read by the comparison and the writers, which need
neither the engine nor the terminal emulator.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from recorder.results.screen import Screen
from recorder.site.pages import Page, Snippet


@dataclass(frozen=True)
class SnippetRun:
    """What one snippet printed, as rendered on the reader's screen, and the command typed."""

    snippet: Snippet
    command: str
    screen: Screen
    status: int

    @property
    def output(self) -> str:
        return self.screen.text


@dataclass
class PageRun:
    """Every snippet of a page in order, and the versions of the tools that produced them."""

    page: Page
    runs: list[SnippetRun] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    images_used: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # Facts of the machine that outputs may show (see masks.MEMORY_TOTAL).
    machine: dict[str, str] = field(default_factory=dict)
    # CPU-seconds spent in the sandbox (see cpu_time), for reports and `make bench`; None if unknown.
    cpu_seconds: float | None = None
