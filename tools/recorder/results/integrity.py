"""What a page's files say about its recording, without running anything.

Every output (NAME.out and its coloured rendering NAME.html) must be exactly what the recorder
wrote, for the command now on the page, in the page's order: recording.yml keeps the hashes
that tell. `check` reports these problems as drift before it compares fresh outputs;
`recorder verify-outputs` (a pre-commit hook) reports them alone, with no engine, so a
hand-edited output never reaches a commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from recorder.errors import display_path
from recorder.results.store import sha256
from recorder.site.pages import Page
from recorder.site.provenance import Provenance
from recorder.site.recording_note import recording_note

WHOLE_PAGE = "*"


@dataclass(frozen=True)
class RecordingProblem:
    """A way a page's files differ from what the recorder wrote; `path` is the file to look at."""

    page: str
    snippet: str
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.path)}: {self.message}"


def recording_problems(page: Page) -> list[RecordingProblem]:
    """Never recorded, provenance line out of date, snippets reordered, outputs (text or HTML)
    missing or edited, commands changed."""
    provenance = Provenance.load(page)
    if provenance is None:
        message = f"never recorded: {page.provenance_path.name} is missing; run make record"
        return [RecordingProblem(page.name, WHOLE_PAGE, page.provenance_path, message)]
    problems: list[RecordingProblem] = []
    note = page.recording_note_path
    if not note.is_file() or note.read_text(encoding="utf-8") != recording_note(provenance):
        message = f"{_name(note)} is missing or does not say what {_name(page.provenance_path)} says"
        problems.append(RecordingProblem(page.name, WHOLE_PAGE, note, message))
    recorded_order = list(provenance.snippets)
    page_order = [snippet.name for snippet in page.snippets]
    if recorded_order != page_order:
        moved = next((now for now, then in zip(page_order, recorded_order, strict=False) if now != then), WHOLE_PAGE)
        problems.append(RecordingProblem(page.name, moved, page.doc_path, _order_diff(recorded_order, page_order)))
    for snippet in page.snippets:
        recorded = provenance.snippet(snippet.name)
        if not snippet.output_path.is_file():
            message = f"no recorded output {_name(snippet.output_path)}"
            problems.append(RecordingProblem(page.name, snippet.name, snippet.output_path, message))
            continue
        if recorded.command_sha256 != sha256(snippet.command):
            message = "the command was changed since its output was recorded"
            problems.append(RecordingProblem(page.name, snippet.name, snippet.command_path, message))
        if recorded.output_sha256 != sha256(snippet.output_path.read_text(encoding="utf-8")):
            message = f"{_name(snippet.output_path)} was edited after the recorder wrote it"
            problems.append(RecordingProblem(page.name, snippet.name, snippet.output_path, message))
        html = snippet.html_path
        if not html.is_file() or recorded.html_sha256 != sha256(html.read_text(encoding="utf-8")):
            message = f"{_name(html)} is missing or was edited after the recorder wrote it"
            problems.append(RecordingProblem(page.name, snippet.name, html, message))
    return problems


def _order_diff(recorded: list[str], current: list[str]) -> str:
    return (
        "snippets are not in the order they were recorded in:\n  recorded: "
        + ", ".join(recorded)
        + "\n  page:     "
        + ", ".join(current)
    )


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"
