"""What a page's recording.yml says: when, how and from what its outputs were recorded.

One typed record shared by everything that writes or reads recording.yml (the writer, the
verifier, the CLI's scheduling and unchanged-page skip, the provenance line on the page).
To add an entry, add a field with a default: older files, which lack it, load with the
default, and entries this version does not know are ignored, so files stay readable both
ways.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import yaml

from recorder.errors import InputError
from recorder.origins import STAND_IN, Origin
from recorder.site.pages import Page

HEADER = "# Written by the recorder (make record). Do not edit: make check compares against it.\n"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
AGAIN = "not as the recorder wrote it (a merge conflict?); record the page again"


@dataclass(frozen=True)
class SnippetRecord:
    """What was recorded for one snippet: hashes of what the page shows, and how it ended."""

    command_sha256: str = ""
    output_sha256: str = ""
    html_sha256: str = ""
    exit_status: int = 0


@dataclass(frozen=True)
class Provenance:
    """The content of recording.yml, in the order it is written."""

    recorded_at: datetime | None = None
    duration_s: float = 0.0
    # The sandbox engine the outputs came from (`--engine`: current or stable).
    engine: str = ""
    # Versions of the tools in the sandbox that printed the outputs: engine, compose, buildx.
    versions: dict[str, str] = field(default_factory=dict)
    # Engines every command was run on with the recorded exit statuses, and their versions.
    verified_on: dict[str, dict[str, str]] = field(default_factory=dict)
    # Where each image the page used came from: "official", or a stand-in built here.
    images: dict[str, str] = field(default_factory=dict)
    # Facts of the recording machine that outputs may show, hidden by the mask rules that
    # name them (memory_total: the machine's memory as Docker prints it).
    machine: dict[str, str] = field(default_factory=dict)
    inputs_sha256: str = ""
    snippets: dict[str, SnippetRecord] = field(default_factory=dict)

    @classmethod
    def load(cls, page: Page) -> Provenance | None:
        """The page's recording.yml; None if the page was never recorded."""
        path = page.provenance_path
        if not path.is_file():
            return None
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            raise InputError(path, mark.line + 1 if mark else 1, f"{AGAIN}: not valid YAML") from None
        if not isinstance(data, dict):
            raise InputError(path, 1, f"{AGAIN}: not a mapping")
        return cls.from_data(data)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Provenance:
        """Tolerant of older and newer files: missing entries take their defaults."""
        known = {f.name for f in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in known and value is not None}
        if "recorded_at" in values:
            values["recorded_at"] = _time(values["recorded_at"])
        if "duration_s" in values:
            values["duration_s"] = float(values["duration_s"])
        snippets = values.get("snippets") or {}
        values["snippets"] = {name: _snippet(record or {}) for name, record in snippets.items()}
        return cls(**values)

    def to_yaml(self) -> str:
        """Readable YAML in field order, with the do-not-edit header."""
        data = dataclasses.asdict(self)
        if self.recorded_at is not None:
            data["recorded_at"] = self.recorded_at.strftime(TIME_FORMAT)
        return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)

    def snippet(self, name: str) -> SnippetRecord:
        return self.snippets.get(name, SnippetRecord())

    @property
    def stand_ins(self) -> list[str]:
        """The images whose outputs came from a stand-in rather than the official image."""
        return sorted(image for image, line in self.images.items() if Origin.parse(line).source == STAND_IN)


def now() -> datetime:
    """The time a recording is stamped with, to the second, in UTC."""
    return datetime.now(UTC).replace(microsecond=0)


def _time(value: object) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.strptime(str(value), TIME_FORMAT).replace(tzinfo=UTC)


def _snippet(data: dict[str, Any]) -> SnippetRecord:
    known = {f.name for f in dataclasses.fields(SnippetRecord)}
    return SnippetRecord(**{key: value for key, value in data.items() if key in known})
