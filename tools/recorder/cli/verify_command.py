"""`recorder verify-outputs`: no engine, so it imports none of the engine's modules (pre-commit)."""

from __future__ import annotations

from rich.text import Text

from recorder.cli.invocation import Invocation, say
from recorder.results.integrity import recording_problems
from recorder.site.pages import Project, load_pages


def verify_outputs(invocation: Invocation) -> int:
    """No engine: every output as the recorder wrote it, for the command on the page (pre-commit)."""
    args, console = invocation.args, invocation.console
    pages = load_pages(Project(args.root), args.pages)
    problems = [problem for page in pages for problem in recording_problems(page)]
    for problem in problems:
        say(console, "not as recorded", "red", str(problem))
    if problems:
        again = sorted({problem.page for problem in problems})
        console.print(Text(f"outputs come only from the recorder: make record PAGE=NAME for {', '.join(again)}"))
        return 1
    console.print(Text(f"{len(pages)} page(s): every output is as the recorder wrote it"))
    return 0
