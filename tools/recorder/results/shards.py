"""Splits pages across CI machines (`--shard I/N`) so the machines finish at about the same time.

Pages are placed longest first, each onto the shard with the least work so far (the classic
greedy schedule), using the seconds each page took when it was last recorded. Ties are broken
by page name and shard number, so the same inputs always give the same split, whichever
machine computes it. The inputs are the recording.yml files, which `record` rewrites: the shards
of one run must each start from the same files (CI machines checking out one commit do), not
run one after another in one checkout.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from dataclasses import dataclass

from recorder.site.pages import Page
from recorder.site.provenance import Provenance

SHARD = re.compile(r"^(?P<index>\d+)/(?P<count>\d+)$")
# Seconds assumed for every page when none has a recorded duration: any equal figure splits by count.
UNKNOWN_ONLY_SECONDS = 1.0


class ShardError(ValueError):
    """A --shard value that names no shard."""


@dataclass(frozen=True)
class Shard:
    """Shard `index` (1-based) of `count`."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = SHARD.match(text.strip())
        if not match:
            raise ShardError(f"expected I/N (for example 1/3), not {text!r}")
        shard = cls(int(match["index"]), int(match["count"]))
        if not 1 <= shard.index <= shard.count:
            raise ShardError(f"{text}: I must be from 1 to N")
        return shard

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True)
class Assignment:
    """Which pages each shard runs, and the seconds of work that puts on it."""

    pages: tuple[tuple[str, ...], ...]
    seconds: tuple[float, ...]

    @property
    def makespan(self) -> float:
        """When the last shard would finish if every page took its recorded time."""
        return max(self.seconds, default=0.0)


def effective_durations(durations: Mapping[str, float | None]) -> dict[str, float]:
    """Recorded seconds per page, with pages never recorded counted as the longest known.

    A page with no recording has no measured cost. Counting it as the longest known page puts
    it first, onto a shard of its own, so a new page can make a shard finish late only by the
    amount it exceeds the slowest page, never by piling onto the busiest one.
    """
    known = [seconds for seconds in durations.values() if seconds is not None]
    longest = max(known, default=UNKNOWN_ONLY_SECONDS)
    return {name: longest if seconds is None else seconds for name, seconds in durations.items()}


def assign(durations: Mapping[str, float | None], count: int) -> Assignment:
    """Split pages over `count` shards: longest first onto the least-loaded shard."""
    if count < 1:
        raise ShardError(f"cannot split pages over {count} shards")
    seconds = effective_durations(durations)
    pages: list[list[str]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for name in sorted(seconds, key=lambda page: (-seconds[page], page)):
        target = min(range(count), key=lambda shard: (loads[shard], shard))
        pages[target].append(name)
        loads[target] += seconds[name]
    return Assignment(tuple(tuple(names) for names in pages), tuple(loads))


def shard_option(text: str) -> Shard:
    """--shard's argparse type: a bad value becomes argparse's one-line usage error (exit status 2)."""
    try:
        return Shard.parse(text)
    except ShardError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def recorded_durations(pages: list[Page]) -> dict[str, float | None]:
    """Seconds each page took when last recorded (`duration_s` in its recording.yml); None if never."""
    durations: dict[str, float | None] = {}
    for page in pages:
        provenance = Provenance.load(page)
        durations[page.name] = provenance.duration_s if provenance else None
    return durations


def select(pages: list[Page], shard: Shard | None) -> list[Page]:
    """The pages `shard` runs, in their given order (all of them when there is no shard)."""
    if shard is None:
        return pages
    mine = set(assign(recorded_durations(pages), shard.count).pages[shard.index - 1])
    return [page for page in pages if page.name in mine]
