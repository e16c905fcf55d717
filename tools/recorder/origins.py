"""Where an image a page pulled came from, as a value rather than a sentence.

Provisioning makes an Origin for each image it puts into the run's registry; recording.yml
keeps it as one readable line (`stand-in (built from Debian forky packages)`, `official`),
and `Origin.parse` is the one place that reads such a line back, for the choice of sources,
the provenance and the note on every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OFFICIAL = "official"
STAND_IN = "stand-in"
SOURCES = (OFFICIAL, STAND_IN)
_LINE = re.compile(r"(?P<source>[a-z][a-z-]*)(?: \((?P<detail>.*)\))?")


@dataclass(frozen=True)
class Origin:
    """The source an image came from (`official`, `stand-in`) and, for a stand-in, how it was made."""

    source: str
    detail: str = ""

    @classmethod
    def stand_in(cls, suite: str) -> Origin:
        return cls(STAND_IN, f"built from Debian {suite} packages")

    @classmethod
    def parse(cls, line: str) -> Origin:
        """The origin a recording.yml line describes; a line of an unknown shape is taken as
        a stand-in described by the line (never as the official image)."""
        match = _LINE.fullmatch(line.strip())
        if match and match["source"] in SOURCES:
            return cls(match["source"], match["detail"] or "")
        return cls(STAND_IN, line.strip())

    @property
    def is_official(self) -> bool:
        return self.source == OFFICIAL

    def __str__(self) -> str:
        return f"{self.source} ({self.detail})" if self.detail else self.source
