"""Runs provisioning's steps in parallel, each as soon as the steps it needs have finished.

Provisioning is mostly waiting (downloads, package installs, pushes), so independent steps
overlap well even on two cores. The first failure stops the plan: steps not started are
dropped, running ones are told to stop through `cancel` and waited for, so nothing they
made outlives the run, and the failure is raised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

StepResults = Mapping[str, str]
StepRun = Callable[[StepResults, threading.Event], str]
Log = Callable[[str], None]


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


def check_plan(steps: list[Step]) -> None:
    """Every need names a step, no name is used twice, and nothing waits on itself."""
    names = [step.name for step in steps]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"steps named twice: {', '.join(duplicates)}")
    by_name = {step.name: step for step in steps}
    for step in steps:
        unknown = [need for need in step.needs if need not in by_name]
        if unknown:
            raise ValueError(f"step {step.name} needs unknown step(s) {', '.join(unknown)}")
    resolved: set[str] = set()
    remaining = list(steps)
    while remaining:
        ready = [step for step in remaining if set(step.needs) <= resolved]
        if not ready:
            raise ValueError("steps wait on each other: " + ", ".join(step.name for step in remaining))
        resolved |= {step.name for step in ready}
        remaining = [step for step in remaining if step.name not in resolved]


def run_plan(steps: list[Step], workers: int) -> dict[str, str]:
    """Run every step once its needs are done, at most `workers` at a time; their results by name."""
    check_plan(steps)
    cancel = threading.Event()
    results: dict[str, str] = {}
    waiting = {step.name: step for step in steps}
    running: dict[Future[str], str] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="provision")
    try:
        while waiting or running:
            for name, step in list(waiting.items()):
                if set(step.needs) <= results.keys():
                    del waiting[name]
                    needed = {need: results[need] for need in step.needs}
                    running[pool.submit(step.run, needed, cancel)] = name
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                name = running.pop(future)
                results[name] = future.result()
    except BaseException:
        cancel.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return results
