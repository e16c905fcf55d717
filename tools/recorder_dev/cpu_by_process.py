"""Where one page's CPU goes inside its sandbox, by command name: the inner dockerd, containerd, the
shell that ran the docker commands. `make bench` gives each page's total; this splits one page's.

Usage, from the repository root: .venv/bin/python tools/recorder_dev/cpu_by_process.py PAGE ENGINE
The runner keeps only the sum of its last listing, so the listing is caught on its way there.
"""

from __future__ import annotations

import collections
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
first, _, stats = captured[-1].partition("\n")
ticks = int(first)
own: collections.Counter[str] = collections.Counter()
reaped: collections.Counter[str] = collections.Counter()
for line in stats.splitlines():
    comm = line[line.index("(") + 1 : line.rindex(")")]
    fields = line.rpartition(")")[2].split()
    own[comm] += (int(fields[11]) + int(fields[12])) / ticks
    reaped[comm] += (int(fields[13]) + int(fields[14])) / ticks
print(f"{page_name} on {engine_name}: total {result.cpu_seconds:.1f} CPU-s, {result.seconds:.1f} s wall")
for comm in sorted(set(own) | set(reaped), key=lambda c: -(own[c] + reaped[c])):
    if own[comm] + reaped[comm] >= 0.1:
        print(f"  {comm:<24} own {own[comm]:6.1f}  reaped children {reaped[comm]:6.1f}")
