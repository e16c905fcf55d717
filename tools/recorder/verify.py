"""What `check` concludes from a fresh run of a page: every way it can differ from the record."""

from __future__ import annotations

from pathlib import Path

from recorder.compare import Drift, PageComparison
from recorder.runner import PageRun, SnippetRun
from recorder.store import Provenance, sha256


def page_drifts(run: PageRun, compare_outputs: bool = True) -> list[Drift]:
    """Drifts of a page: changed commands, hand-edited or missing outputs, order, and output.

    Without `compare_outputs` (a run on another engine than the recording's, whose outputs
    may differ) only commands, order and exit statuses are compared.
    """
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
    recorded_order = list((provenance.data.get("snippets") or {}).keys())
    page_order = [snippet.name for snippet in page.snippets]
    if recorded_order != page_order:
        moved = next((now for now, then in zip(page_order, recorded_order, strict=False) if now != then), "*")
        drifts.append(Drift(page.name, moved, _order_diff(recorded_order, page_order)))
    comparison = PageComparison(page.name)
    for snippet_run in run.runs:
        snippet = snippet_run.snippet
        recorded = provenance.snippet(snippet.name)
        if not compare_outputs:
            drifts += _status_drifts(snippet_run, recorded)
            continue
        if not snippet.output_path.is_file():
            drifts.append(Drift(page.name, snippet.name, f"no recorded output {_name(snippet.output_path)}"))
            continue
        output = snippet.output_path.read_text(encoding="utf-8")
        if recorded.get("command_sha256") != sha256(snippet.command):
            drifts.append(Drift(page.name, snippet.name, "the command was changed since its output was recorded"))
        if recorded.get("output_sha256") != sha256(output):
            drifts.append(
                Drift(
                    page.name,
                    snippet.name,
                    f"{_name(snippet.output_path)} was edited after the recorder wrote it",
                )
            )
        drift = comparison.compare(snippet.name, output, snippet_run.output)
        if drift:
            drifts.append(drift)
    return drifts


def _status_drifts(snippet_run: SnippetRun, recorded: dict) -> list[Drift]:
    snippet = snippet_run.snippet
    drifts = []
    if recorded.get("command_sha256") != sha256(snippet.command):
        drifts.append(Drift(snippet.page, snippet.name, "the command was changed since it was recorded"))
    if recorded.get("exit_status") != snippet_run.status:
        drifts.append(
            Drift(
                snippet.page,
                snippet.name,
                f"exited with status {snippet_run.status}; recorded with {recorded.get('exit_status')}",
            )
        )
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
