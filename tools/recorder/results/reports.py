"""Machine-readable results of `record` and `check`: one result per snippet, for CI systems.

A run's page outcomes become a `Report` (small frozen dataclasses), which writers turn into
files: JUnit XML (one test case per snippet, one test suite per page), JSON (the same, with
each page's seconds, read by `make bench`), and a plain diff of everything that differed.

How a snippet is reported:
- passed: it ran, and (for check) matched its recording after masking;
- failed: its output drifted (the masked diff is the failure's text), or it did not behave as
  its options say (exit status, timeout: the error and the screen's last lines);
- skipped: it was not run, or ran but was not compared or written, because the page stopped at
  an earlier or later snippet (record and check stop a page at its first failing snippet, and
  write nothing of a page that did not run whole); also every snippet of a page that record
  left unchanged. Skipped, not error: the snippet itself did nothing wrong, and its page's
  failing case already counts once.
- error: a failure of the page as a whole that names no snippet (the engine stopped
  answering, the sandbox had no shell). It is reported as an extra case named `(page)`, and
  so is a drift that names no snippet (a page never recorded, snippets reordered).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from recorder.compare.drift import Drift
from recorder.errors import RecorderError, SnippetError
from recorder.results.shards import Shard
from recorder.site.pages import Page

PAGE_CASE = "(page)"
FORMAT_VERSION = 1
# Characters XML 1.0 cannot carry (terminal control codes in an error's screen tail, say).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"


class Outcome(Protocol):
    """How one page of a run ended (the CLI's PageOutcome)."""

    page: Page
    seconds: float
    cpu_seconds: float | None
    error: RecorderError | None
    drifts: list[Drift]
    skipped: bool


@dataclass(frozen=True)
class SnippetResult:
    """One snippet's result: `message` is one line, `detail` the diff or the full error."""

    name: str
    status: Status
    message: str = ""
    detail: str = ""


@dataclass(frozen=True)
class PageResult:
    """A page's snippets in page order, with the page's wall time and its sandbox's CPU time in seconds."""

    page: str
    seconds: float
    snippets: tuple[SnippetResult, ...]
    cpu_seconds: float | None = None

    def count(self, status: Status) -> int:
        return sum(1 for snippet in self.snippets if snippet.status is status)

    @property
    def status(self) -> Status:
        for worst in (Status.ERROR, Status.FAILED, Status.PASSED):
            if self.count(worst):
                return worst
        return Status.SKIPPED


@dataclass(frozen=True)
class Report:
    """Every page of one `record` or `check` run (of one shard, when sharded)."""

    command: str
    shard: str | None
    pages: tuple[PageResult, ...]

    def count(self, status: Status) -> int:
        return sum(page.count(status) for page in self.pages)

    @property
    def seconds(self) -> float:
        return sum(page.seconds for page in self.pages)


def build_report(command: str, shard: Shard | None, outcomes: Sequence[Outcome]) -> Report:
    """The report of a run from its page outcomes, in the order given."""
    return Report(command, None if shard is None else str(shard), tuple(page_result(command, o) for o in outcomes))


def page_result(command: str, outcome: Outcome) -> PageResult:
    """One result per snippet of the page, plus a `(page)` case for what names no snippet."""
    names = [snippet.name for snippet in outcome.page.snippets]
    seconds = round(outcome.seconds, 3)
    cpu = None if outcome.cpu_seconds is None else round(outcome.cpu_seconds, 3)
    if outcome.skipped:
        unchanged = SnippetResult("", Status.SKIPPED, "unchanged: inputs as recorded (record --all records anyway)")
        return PageResult(outcome.page.name, seconds, tuple(replace(unchanged, name=name) for name in names))
    if outcome.error is not None:
        return PageResult(outcome.page.name, seconds, _stopped(command, names, outcome.error))
    return PageResult(outcome.page.name, seconds, _compared(names, outcome.drifts), cpu)


def _stopped(command: str, names: list[str], error: RecorderError) -> tuple[SnippetResult, ...]:
    """A page that stopped: the failing snippet, and what it left unrun or uncompared."""
    done = "compared" if command == "check" else "written"
    text = str(error)
    first_line = text.splitlines()[0] if text else type(error).__name__
    at = error.snippet if isinstance(error, SnippetError) else None
    if at not in names:
        page_case = SnippetResult(PAGE_CASE, Status.ERROR, first_line, text)
        rest = SnippetResult("", Status.SKIPPED, f"not run, or not {done}: the page failed as a whole")
        return (page_case, *(replace(rest, name=name) for name in names))
    position = names.index(at)
    before = SnippetResult("", Status.SKIPPED, f"ran, but not {done}: the page stopped at {at}")
    after = SnippetResult("", Status.SKIPPED, f"not run: the page stopped at {at}")
    return (
        *(replace(before, name=name) for name in names[:position]),
        SnippetResult(at, Status.FAILED, first_line, text),
        *(replace(after, name=name) for name in names[position + 1 :]),
    )


def _compared(names: list[str], drifts: list[Drift]) -> tuple[SnippetResult, ...]:
    """A page that ran whole: snippets with a drift failed (all their drifts kept), the rest passed."""
    by_snippet: dict[str, list[Drift]] = {}
    for drift in drifts:
        by_snippet.setdefault(drift.snippet if drift.snippet in names else PAGE_CASE, []).append(drift)
    results = [_drifted(PAGE_CASE, by_snippet[PAGE_CASE])] if PAGE_CASE in by_snippet else []
    for name in names:
        results.append(_drifted(name, by_snippet[name]) if name in by_snippet else SnippetResult(name, Status.PASSED))
    return tuple(results)


def _drifted(name: str, drifts: list[Drift]) -> SnippetResult:
    first = drifts[0].diff.splitlines()[0] if drifts[0].diff else "drift"
    message = first if len(drifts) == 1 else f"{first} (and {len(drifts) - 1} more)"
    return SnippetResult(name, Status.FAILED, message, "\n\n".join(drift.diff for drift in drifts))


# ---------------------------------------------------------------------------------------------
# Writers: one function per format, registered by the name of its command-line option.
# ---------------------------------------------------------------------------------------------

Writer = Callable[[Report, Path], None]


def write_junit(report: Report, path: Path) -> None:
    """JUnit XML: a <testsuite> per page (classname = page), a <testcase> per snippet."""
    name = f"recorder {report.command}" + (f" shard {report.shard}" if report.shard else "")
    root = ET.Element("testsuites", {"name": name, **_counts(report.pages, report.seconds)})
    for page in report.pages:
        suite = ET.SubElement(root, "testsuite", {"name": page.page, **_counts([page], page.seconds)})
        for snippet in page.snippets:
            case = ET.SubElement(suite, "testcase", classname=page.page, name=snippet.name)
            if snippet.status is not Status.PASSED:
                tag = {Status.FAILED: "failure", Status.ERROR: "error", Status.SKIPPED: "skipped"}[snippet.status]
                element = ET.SubElement(case, tag, message=_xml_text(snippet.message))
                if snippet.detail:
                    element.text = _xml_text(snippet.detail)
    ET.indent(root)
    _write(path, ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n")


def write_json(report: Report, path: Path) -> None:
    """The report as JSON: command, shard, totals, and each page's seconds (wall and CPU) and snippets."""
    data = {
        "format": FORMAT_VERSION,
        "command": report.command,
        "shard": report.shard,
        "seconds": round(report.seconds, 3),
        "totals": {status.value: report.count(status) for status in Status},
        "recorder_cpu_seconds": recorder_cpu_seconds(),
        "pages": [
            {"page": page.page, "seconds": page.seconds, "cpu_seconds": page.cpu_seconds, "status": page.status.value}
            | {"snippets": [asdict(snippet) for snippet in page.snippets]}
            for page in report.pages
        ],
    }
    _write(path, json.dumps(data, indent=2) + "\n")


def write_diff(report: Report, path: Path) -> None:
    """Everything that differed or failed, as plain text: one section per snippet, page order."""
    sections = [
        f"=== {page.page}/{snippet.name}: {snippet.status.value}: {snippet.message}\n{snippet.detail}\n"
        for page in report.pages
        for snippet in page.snippets
        if snippet.status in (Status.FAILED, Status.ERROR)
    ]
    _write(path, "\n".join(sections))


WRITERS: dict[str, tuple[Writer, str]] = {
    "junit": (write_junit, "write JUnit XML to PATH: one test case per snippet, classname = page"),
    "json": (write_json, "write the same as JSON to PATH, with each page's seconds"),
    "diff": (write_diff, "write every drift diff and failure to PATH as plain text (empty when none)"),
}


def add_options(parser: argparse.ArgumentParser) -> None:
    """One `--FORMAT PATH` option per registered writer."""
    for name, (_, help_text) in WRITERS.items():
        parser.add_argument(f"--{name}", type=Path, metavar="PATH", help=help_text)


def write_requested(args: argparse.Namespace, outcomes: Sequence[Outcome]) -> None:
    """Write the report in every format whose option was given (args from add_options and --shard)."""
    report = build_report(args.command, args.shard, outcomes)
    for name, (writer, _) in WRITERS.items():
        path = getattr(args, name)
        if path is not None:
            writer(report, path)


def recorder_cpu_seconds() -> dict[str, float]:
    """The recorder's own CPU time so far: its Python process, and the `docker` commands it ran and
    waited for (the pty sessions' `docker exec` among them)."""
    usage = {
        "process": resource.getrusage(resource.RUSAGE_SELF),
        "docker_commands": resource.getrusage(resource.RUSAGE_CHILDREN),
    }
    return {name: round(used.ru_utime + used.ru_stime, 3) for name, used in usage.items()}


def load_json(path: Path) -> dict[str, Any]:
    """A JSON report written by write_json, checked to be a format this code reads."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a report (a JSON object)")
    if data.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path}: report format {data.get('format')!r}, expected {FORMAT_VERSION}")
    return data


def _counts(pages: Sequence[PageResult], seconds: float) -> dict[str, str]:
    return {
        "tests": str(sum(len(page.snippets) for page in pages)),
        "failures": str(sum(page.count(Status.FAILED) for page in pages)),
        "errors": str(sum(page.count(Status.ERROR) for page in pages)),
        "skipped": str(sum(page.count(Status.SKIPPED) for page in pages)),
        "time": f"{seconds:.3f}",
    }


def _xml_text(text: str) -> str:
    return NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
