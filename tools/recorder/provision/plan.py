"""Runs provisioning's steps in parallel, each as soon as the steps it needs have finished.

Provisioning is mostly waiting (downloads, package installs, pushes), so independent steps
overlap well even on two cores. The first failure, or Ctrl-C, stops the plan: steps not
started are dropped, running ones are told to stop through `cancel` and given a few seconds
to end what they started, and the failure is raised. A step still blocked after that (a
build in the middle of a long silent command, say) is left to its daemon thread: the
process exits without it, its request to the engine ends, and the engine cancels the build.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter

StepResults = Mapping[str, str]
StepRun = Callable[[StepResults, threading.Event], str]
Log = Callable[[str], None]
# How long running steps get to stop (mmdebstrap unmounts and removes its folder) after a failure.
GRACE_SECONDS = 15.0
CHECK_SECONDS = 0.2


class Cancelled(Exception):
    """Raised inside a step that noticed the plan was stopped."""


@dataclass(frozen=True)
class Step:
    """One unit of work: its name, the steps whose results it needs, and what it does.

    `run` gets the results of the steps it needs and an event set when the plan stops;
    long steps check it between chunks of work (see `stop_if_cancelled`).
    """

    name: str
    run: StepRun
    needs: tuple[str, ...] = ()


def stop_if_cancelled(cancel: threading.Event) -> None:
    if cancel.is_set():
        raise Cancelled


def check_plan(steps: list[Step]) -> TopologicalSorter[str]:
    """Every need names a step, no name is used twice, and nothing waits on itself: the plan's
    graph, prepared (the standard library's sorter finds the cycles and hands out ready steps)."""
    names = [step.name for step in steps]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"steps named twice: {', '.join(duplicates)}")
    known = set(names)
    for step in steps:
        unknown = [need for need in step.needs if need not in known]
        if unknown:
            raise ValueError(f"step {step.name} needs unknown step(s) {', '.join(unknown)}")
    graph = TopologicalSorter({step.name: step.needs for step in steps})
    try:
        graph.prepare()
    except CycleError as error:
        raise ValueError("steps wait on each other: " + ", ".join(error.args[1][:-1])) from None
    return graph


def run_plan(steps: list[Step], workers: int, check: Callable[[], None] = lambda: None) -> dict[str, str]:
    """Run every step once its needs are done, at most `workers` at a time; their results by name.

    `check` is called while steps run (about five times a second); what it raises (a stop
    request, say) stops the plan like a failing step does.
    """
    graph = check_plan(steps)
    by_name = {step.name: step for step in steps}
    cancel = threading.Event()
    finished: queue.Queue[tuple[str, str | None, BaseException | None]] = queue.Queue()
    results: dict[str, str] = {}
    ready: list[str] = []
    running: dict[str, threading.Thread] = {}

    def work(step: Step, needed: dict[str, str]) -> None:
        try:
            finished.put((step.name, step.run(needed, cancel), None))
        except BaseException as error:  # noqa: BLE001 - handed to the thread that runs the plan
            finished.put((step.name, None, error))

    try:
        while graph.is_active():
            ready.extend(graph.get_ready())
            while ready and len(running) < max(1, workers):
                step = by_name[ready.pop(0)]
                needed = {need: results[need] for need in step.needs}
                thread = threading.Thread(target=work, args=(step, needed), name=f"provision-{step.name}", daemon=True)
                running[step.name] = thread
                thread.start()
            try:
                name, result, error = finished.get(timeout=CHECK_SECONDS)
            except queue.Empty:
                check()
                continue
            running.pop(name).join()
            if error is not None:
                raise error
            assert result is not None
            results[name] = result
            graph.done(name)
    except BaseException:
        cancel.set()
        deadline = time.monotonic() + GRACE_SECONDS
        for thread in running.values():
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        raise
    return results
