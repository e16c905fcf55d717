"""`recorder clean`: remove what finished runs left on the engine, never a live run's objects."""

from __future__ import annotations

from rich.text import Text

from recorder import engine
from recorder.cli.invocation import Invocation
from recorder.engine import endpoint
from recorder.engine.cleaning import clean
from recorder.engine.run_scope import RunScope


def clean_command(invocation: Invocation) -> int:
    args, console = invocation.args, invocation.console
    scope = invocation.scope = RunScope(engine.project_key(args.root), invocation.stop)
    client = scope.connect(endpoint.resolve(), pool_size=4)
    project = None if args.all_projects else scope.project
    result = clean(client, project, args.images, lambda line: console.print(Text(line), soft_wrap=True))
    whose = "every checkout's" if args.all_projects else "this checkout's"
    summary = f"removed {len(result.removed)} object(s) of {whose} finished runs"
    if args.images:
        summary += f" and {len(result.images_removed)} cached image name(s)"
    console.print(Text(summary))
    return 1 if result.left else 0
