"""Compares fresh outputs with recorded ones after masking, and explains any drift."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from recorder.masks import Masker


@dataclass(frozen=True)
class Drift:
    """A snippet whose fresh output no longer matches what the page shows."""

    page: str
    snippet: str
    diff: str

    def __str__(self) -> str:
        return f"drift in {self.page}/{self.snippet}:\n{self.diff}"


class PageComparison:
    """Compares a page's snippets in order, so consistent masks span the whole page."""

    def __init__(self, page: str) -> None:
        self.page = page
        self._recorded = Masker()
        self._fresh = Masker()

    def compare(self, snippet: str, recorded: str, fresh: str) -> Drift | None:
        recorded_lines = self._recorded.mask(recorded)
        fresh_lines = self._fresh.mask(fresh)
        if recorded_lines == fresh_lines:
            return None
        diff = difflib.unified_diff(
            recorded_lines,
            fresh_lines,
            fromfile=f"{self.page}/{snippet}.out (recorded, masked)",
            tofile=f"{self.page}/{snippet} (fresh run, masked)",
            lineterm="",
        )
        return Drift(self.page, snippet, "\n".join(diff))
