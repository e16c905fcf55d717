"""Compares fresh outputs with recorded ones after masking, and explains any drift."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from recorder.compare.masks import Masker, Rule, pipeline


@dataclass(frozen=True)
class Drift:
    """A snippet whose fresh output no longer matches what the page shows."""

    page: str
    snippet: str
    diff: str

    def __str__(self) -> str:
        return f"drift in {self.page}/{self.snippet}:\n{self.diff}"


class PageComparison:
    """Compares a page's snippets in order, so consistent masks span the whole page.

    Each side knows its own machine (the recording's and this run's), so a value such as the
    memory total is hidden exactly where each machine printed it.
    """

    def __init__(
        self,
        page: str,
        recorded_machine: Mapping[str, str] | None = None,
        fresh_machine: Mapping[str, str] | None = None,
    ) -> None:
        self.page = page
        self._recorded = Masker(machine=recorded_machine or {})
        self._fresh = Masker(machine=fresh_machine or {})

    def compare(self, snippet: str, recorded: str, fresh: str, rules: tuple[Rule, ...] | None = None) -> Drift | None:
        """The drift of one snippet, masked by its own rules (built-in, minus `unmask`, plus `masks`)."""
        rules = pipeline() if rules is None else rules
        recorded_lines = self._recorded.with_rules(rules).mask(recorded)
        fresh_lines = self._fresh.with_rules(rules).mask(fresh)
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
