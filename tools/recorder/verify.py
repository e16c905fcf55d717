"""What `check` concludes from a fresh run of a page: every way it can differ from the record."""

from __future__ import annotations

from pathlib import Path

from recorder.compare import Drift, PageComparison
from recorder.provenance import Provenance
from recorder.recording_note import recording_note
from recorder.runner import PageRun
from recorder.store import sha256


def page_drifts(run: PageRun) -> list[Drift]:
    """Drifts of a page: changed commands, hand-edited or missing outputs, order, and output."""
    page = run.page
    provenance = Provenance.load(page)
    if provenance is None:
        return [
            Drift(
                page.name,
                "*",
                f"never recorded: {page.provenance_path.name} is missing; run make record",
            )
        ]
    drifts: list[Drift] = []
    note = page.recording_note_path
    if not note.is_file() or note.read_text(encoding="utf-8") != recording_note(provenance):
        drifts.append(
            Drift(page.name, "*", f"{_name(note)} is missing or does not say what {_name(page.provenance_path)} says")
        )
    recorded_order = list(provenance.snippets)
    page_order = [snippet.name for snippet in page.snippets]
    if recorded_order != page_order:
        moved = next((now for now, then in zip(page_order, recorded_order, strict=False) if now != then), "*")
        drifts.append(Drift(page.name, moved, _order_diff(recorded_order, page_order)))
    # A recording from before machine facts were kept is taken to come from this machine.
    comparison = PageComparison(page.name, {**run.machine, **provenance.machine}, run.machine)
    for snippet_run in run.runs:
        snippet = snippet_run.snippet
        recorded = provenance.snippet(snippet.name)
        if not snippet.output_path.is_file():
            drifts.append(Drift(page.name, snippet.name, f"no recorded output {_name(snippet.output_path)}"))
            continue
        output = snippet.output_path.read_text(encoding="utf-8")
        if recorded.command_sha256 != sha256(snippet.command):
            drifts.append(Drift(page.name, snippet.name, "the command was changed since its output was recorded"))
        if recorded.output_sha256 != sha256(output):
            drifts.append(
                Drift(
                    page.name,
                    snippet.name,
                    f"{_name(snippet.output_path)} was edited after the recorder wrote it",
                )
            )
        html = snippet.html_path
        if not html.is_file() or recorded.html_sha256 != sha256(html.read_text(encoding="utf-8")):
            drifts.append(
                Drift(page.name, snippet.name, f"{_name(html)} is missing or was edited after the recorder wrote it")
            )
        drift = comparison.compare(snippet.name, output, snippet_run.output, snippet.options.rules)
        if drift:
            drifts.append(drift)
    return drifts


def _order_diff(recorded: list[str], current: list[str]) -> str:
    return (
        "snippets are not in the order they were recorded in:\n  recorded: "
        + ", ".join(recorded)
        + "\n  page:     "
        + ", ".join(current)
    )


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"
