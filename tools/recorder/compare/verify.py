"""What `check` concludes from a fresh run of a page: every way it can differ from the record."""

from __future__ import annotations

from recorder.compare.drift import Drift, PageComparison
from recorder.results.integrity import recording_problems
from recorder.results.runs import PageRun, SnippetRun
from recorder.site.provenance import Provenance, SnippetRecord


def page_drifts(run: PageRun, compare_outputs: bool = True) -> list[Drift]:
    """Drifts of a page: what its files show (see integrity.py), then each snippet's run.

    Without `compare_outputs` (a run on another engine than the recording's, whose outputs
    may differ) each snippet's exit status is compared instead of its output.
    """
    page = run.page
    drifts = [Drift(problem.page, problem.snippet, problem.message) for problem in recording_problems(page)]
    provenance = Provenance.load(page)
    if provenance is None:
        return drifts
    if not compare_outputs:
        return drifts + [drift for r in run.runs if (drift := _status_drift(r, provenance.snippet(r.snippet.name)))]
    # A recording from before machine facts were kept is taken to come from this machine.
    comparison = PageComparison(page.name, {**run.machine, **provenance.machine}, run.machine)
    for snippet_run in run.runs:
        snippet = snippet_run.snippet
        if not snippet.output_path.is_file():
            continue
        recorded = snippet.output_path.read_text(encoding="utf-8")
        drift = comparison.compare(snippet.name, recorded, snippet_run.output, snippet.options.rules)
        if drift:
            drifts.append(drift)
    return drifts


def _status_drift(snippet_run: SnippetRun, recorded: SnippetRecord) -> Drift | None:
    if recorded.exit_status == snippet_run.status:
        return None
    snippet = snippet_run.snippet
    message = f"exited with status {snippet_run.status}; recorded with {recorded.exit_status}"
    return Drift(snippet.page, snippet.name, message)
