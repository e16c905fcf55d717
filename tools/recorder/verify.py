"""What `check` concludes from a fresh run of a page: every way it can differ from the record."""

from __future__ import annotations

from recorder.compare import Drift, PageComparison
from recorder.integrity import recording_problems
from recorder.provenance import Provenance
from recorder.runner import PageRun


def page_drifts(run: PageRun) -> list[Drift]:
    """Drifts of a page: what its files show (see integrity.py), then each output compared."""
    page = run.page
    drifts = [Drift(problem.page, problem.snippet, problem.message) for problem in recording_problems(page)]
    provenance = Provenance.load(page)
    if provenance is None:
        return drifts
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
