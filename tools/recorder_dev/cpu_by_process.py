"""Where one page's CPU goes inside its sandbox, by command name: the inner dockerd, containerd, the
shell that ran the docker commands. `make bench` gives each page's total; this splits one page's.

Usage, from the repository root: .venv/bin/python tools/recorder_dev/cpu_by_process.py PAGE ENGINE
The runner keeps only the sum of its last listing, so the listing is caught on its way there.
"""

from __future__ import annotations

import sys
from pathlib import Path

from recorder import engine
from recorder.engine.run_scope import RunScope
from recorder.provision.run import Wanted, engine_run
from recorder.run import cpu_time
from recorder.run.runner import run_page
from recorder.sandbox.environment import RunEnvironment
from recorder.site.pages import Project, load_pages
from recorder.stopping import StopRequest

root = Path.cwd()
page_name, engine_name = sys.argv[1], sys.argv[2]
captured: list[str] = []
original = cpu_time.cpu_seconds


def capture(listing: str) -> float | None:
    captured.append(listing)
    return original(listing)


cpu_time.cpu_seconds = capture
project = Project(root)
site = project.config
page = next(p for p in load_pages(project) if p.name == page_name)
scope = RunScope(engine.project_key(root), StopRequest(), site.naming)
with engine_run(scope, 4, lambda line: None, Wanted.of(site, engine=engine_name)) as provisioned:
    env = RunEnvironment(scope, provisioned, site.workdir).start()
    result = run_page(env, page)
split = cpu_time.by_command(captured[-1]) or {}
print(f"{page_name} on {engine_name}: total {result.cpu_seconds:.1f} CPU-s, {result.seconds:.1f} s wall")
for name, (own, reaped) in sorted(split.items(), key=lambda item: -sum(item[1])):
    if own + reaped >= 0.1:
        print(f"  {name:<24} own {own:6.1f}  reaped children {reaped:6.1f}")
