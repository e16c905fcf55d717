"""`make bench`: speed and memory figures from one run, each with the command that made it.

Figures are ratios and seconds from this run only; nothing here asserts a threshold, so the
benchmark never makes a test flaky. They are also written to build/bench.json.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from recorder import engine
from recorder.engine.run_scope import RunScope
from recorder.provision.run import engine_run
from recorder.results.reports import load_json
from recorder.results.shards import assign, recorded_durations
from recorder.run.runner import run_page
from recorder.sandbox.environment import RunEnvironment
from recorder.sandbox.scratch import ScratchEngine
from recorder.site.layout import WORKDIR
from recorder.site.pages import Page, Project, load_pages
from recorder.stopping import StopRequest

OVERHEAD_PAGE = "hello-world"
SHARD_COUNTS = (1, 2, 4)


def main() -> int:
    root = Path.cwd()
    figures: dict[str, dict] = {}

    def report(key: str, value: float, unit: str, command: str, **extra: object) -> None:
        figures[key] = {"value": round(value, 3), "unit": unit, "command": command, **extra}
        print(f"{key:<34} {value:>9.2f} {unit:<8} ({command})", flush=True)

    cli = [sys.executable, "-m", "recorder", "--root", str(root)]
    _timed(cli + ["provision"])
    seconds, _, _ = _timed(cli + ["provision"])
    report("provision_warm_s", seconds, "s", "recorder provision, every image present (second run)")

    pages = load_pages(Project(root))
    page = next(p for p in pages if p.name == OVERHEAD_PAGE)
    scope = RunScope(engine.project_key(root), StopRequest())
    with engine_run(scope, 4, print) as provisioned:
        with ScratchEngine(scope, provisioned.sandbox_image) as docker_host:
            scratch = {**os.environ, "DOCKER_HOST": docker_host}
            cold, _, _ = _timed(cli + ["provision"], scratch)
            warm, _, _ = _timed(cli + ["provision"], scratch)
        report("provision_cold_s", cold, "s", "recorder provision on an empty scratch engine (goal <= 60)")
        report("provision_cold_then_warm_s", warm, "s", "recorder provision again on that engine (goal < 1)")
        env = RunEnvironment(scope, provisioned).start()
        start = time.monotonic()
        with env.sandbox("bench-ready", None):
            ready = time.monotonic() - start
        report("sandbox_start_to_ready_s", ready, "s", "RunEnvironment.sandbox() until the inner engine answers")
        start = time.monotonic()
        run_page(env, page)
        recorded = time.monotonic() - start
        start = time.monotonic()
        _run_piped(env, page)
        piped = time.monotonic() - start
    report("record_page_s", recorded, "s", f"run_page({OVERHEAD_PAGE}) in a fresh sandbox")
    report("piped_page_s", piped, "s", f"the same commands piped to bash in a fresh sandbox ({OVERHEAD_PAGE})")
    report("recorder_overhead_ratio", recorded / piped, "x", "record_page_s / piped_page_s (goal <= 1.10)")

    serial_report = root / "build" / "bench-check-serial.json"
    serial, _, _ = _timed(cli + ["check", "-j", "1", "--json", str(serial_report)])
    parallel_report = root / "build" / "bench-check-parallel.json"
    engine_before = host_engine_cpu_seconds()
    parallel, _, rusage = _timed(cli + ["check", "--json", str(parallel_report)])
    engine_cpu = host_engine_cpu_seconds() - engine_before
    page_times = {page["page"]: float(page["seconds"]) for page in load_json(serial_report)["pages"]}
    slowest_page, slowest = max(page_times.items(), key=lambda item: item[1])
    report("check_serial_s", serial, "s", "recorder check -j 1", pages=page_times)
    report("check_parallel_s", parallel, "s", "recorder check (default -j)")
    report("check_parallel_vs_serial_ratio", parallel / serial, "x", "check_parallel_s / check_serial_s")
    report(
        "check_parallel_vs_slowest_page_ratio",
        parallel / slowest,
        "x",
        f"check_parallel_s / slowest page in the serial run ({slowest_page}, {slowest:.1f}s)",
    )
    report("recorder_peak_memory_mib", rusage.ru_maxrss / 1024, "MiB", "max RSS of `recorder check` (wait4)")
    cpu_figures(load_json(parallel_report), rusage, engine_cpu, report)
    build, _, _ = _timed(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", "build/bench-site"]
    )
    report("mkdocs_build_s", build, "s", "mkdocs build --strict")
    shard_figures(pages, report)
    total = sum(page_times.values())
    biggest = {name: round(seconds / total, 3) for name, seconds in sorted(page_times.items(), key=lambda i: -i[1])}
    figures["share_of_serial_check_by_page"] = biggest
    print("share of the serial check by page: " + ", ".join(f"{k} {v:.0%}" for k, v in biggest.items()))

    out = root / "build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"written to {out.relative_to(root)}")
    return 0


def cpu_figures(checked: dict, rusage: os.struct_rusage, engine_cpu: float, report: Callable[..., None]) -> None:  # type: ignore[name-defined]
    """Where the parallel check's CPU went: each page's sandbox, the host engine, the recorder itself."""
    by_page = {page["page"]: page["cpu_seconds"] or 0.0 for page in checked["pages"]}
    for name, seconds in sorted(by_page.items(), key=lambda item: -item[1]):
        report(f"check_cpu_page_{name}_s", seconds, "CPU-s", f"processes of the {name} sandbox (cpu_time)")
    report("check_cpu_sandboxes_s", sum(by_page.values()), "CPU-s", "every page's sandbox, summed")
    report("check_cpu_host_engine_s", engine_cpu, "CPU-s", "the host's dockerd and containerd during the check")
    own = checked["recorder_cpu_seconds"]
    report("check_cpu_recorder_process_s", own["process"], "CPU-s", "the recorder's Python process (getrusage)")
    report("check_cpu_recorder_docker_s", own["docker_commands"], "CPU-s", "the docker commands it ran (getrusage)")
    whole = rusage.ru_utime + rusage.ru_stime
    report("check_cpu_recorder_s", whole, "CPU-s", "the recorder and everything it waited for (wait4)")


def host_engine_cpu_seconds() -> float:
    """CPU-seconds of this machine's dockerd and containerd so far (0 where the engine runs elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        if name in ("dockerd", "containerd"):
            fields = text.rpartition(")")[2].split()
            total += sum(int(field) for field in fields[11:13])
    return total / ticks


def shard_figures(pages: list[Page], report: Callable[..., None]) -> None:
    """When CI's last shard would end, from the durations in recording.yml (no run needed)."""
    durations = recorded_durations(pages)
    slowest = max((seconds for seconds in durations.values() if seconds is not None), default=0.0)
    for count in SHARD_COUNTS:
        split = assign(durations, count)
        command = f"shards.assign(recording.yml durations, {count}).makespan"
        report(f"shard_makespan_{count}_s", split.makespan, "s", command, pages=split.pages)
        if slowest:
            ratio_command = f"shard_makespan_{count}_s / slowest recorded page ({slowest:.1f}s)"
            report(f"shard_makespan_{count}_vs_slowest_page_ratio", split.makespan / slowest, "x", ratio_command)


def _timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, str, os.struct_rusage]:  # type: ignore[name-defined]
    """Run a command; its wall time, what it printed, and its resource usage."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    output = process.stdout.read() if process.stdout else ""
    _, status, rusage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - start
    if process.returncode != 0:
        raise SystemExit(f"bench: `{shlex.join(command)}` failed:\n{output[-2000:]}")
    return seconds, output, rusage


def _run_piped(env: RunEnvironment, page: Page) -> None:
    """The page's commands as one bash script, typed input piped in, Ctrl-C sent by `timeout`."""
    lines = []
    for snippet in page.snippets:
        command = snippet.command
        options = snippet.options
        if options.input:
            typed = "\\n".join(line.replace("'", "'\\''") for line in options.input)
            command = f"printf '{typed}\\n' | script -qec {shlex.quote(command)} /dev/null"
        if options.interrupt_after is not None:
            command = f"timeout -s INT {options.interrupt_after:g} {command}"
        if options.interrupt_when is not None:
            # A pipe has no screen to watch for a line: this baseline would only guess a time.
            raise SystemExit(
                f"bench: {snippet.page}/{snippet.name} is stopped when a line shows (interrupt_when); "
                f"the piped baseline of {OVERHEAD_PAGE} can only stop commands after a time (interrupt_after)"
            )
        lines.append(command)
    with env.sandbox(f"{page.name}-piped", page.files_dir) as sandbox:
        subprocess.run(
            ["docker", "exec", "-i", "-w", WORKDIR, sandbox.name, "bash"],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            check=False,
            env=env.scope.endpoint_environment(),
        )


if __name__ == "__main__":
    sys.exit(main())
