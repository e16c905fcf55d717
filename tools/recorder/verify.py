"""What `check` concludes from a fresh run of a page: every way it can differ from the record."""

from __future__ import annotations

from recorder.compare import Drift, PageComparison
from recorder.integrity import recording_problems
from recorder.runner import PageRun
from recorder.store import Provenance


def page_drifts(run: PageRun) -> list[Drift]:
    """Drifts of a page: what its files show (see integrity.py), then each output compared."""
    page = run.page
    drifts = [Drift(problem.page, problem.snippet, problem.message) for problem in recording_problems(page)]
    if Provenance.load(page) is None:
        return drifts
    comparison = PageComparison(page.name)
    for snippet_run in run.runs:
        snippet = snippet_run.snippet
        if not snippet.output_path.is_file():
            continue
        drift = comparison.compare(snippet.name, snippet.output_path.read_text(encoding="utf-8"), snippet_run.output)
        if drift:
            drifts.append(drift)
    return drifts
