"""The parallel plan of provisioning: order, overlap, and how a failure stops it."""

from __future__ import annotations

import threading
import time

import pytest

from recorder.provision.plan import Cancelled, Step, check_plan, run_plan, stop_if_cancelled


def _recording(log: list[str], name: str, seconds: float = 0.0, result: str = ""):  # type: ignore[no-untyped-def]
    def run(got, cancel):  # type: ignore[no-untyped-def]
        log.append(f"start {name} {sorted(got.items())}")
        time.sleep(seconds)
        log.append(f"end {name}")
        return result or name

    return run


def test_a_step_starts_after_what_it_needs_and_gets_its_results() -> None:
    log: list[str] = []
    steps = [
        Step("push", _recording(log, "push"), needs=("nginx", "base")),
        Step("nginx", _recording(log, "nginx", result="nginx:abc"), needs=("base",)),
        Step("base", _recording(log, "base", result="base:1")),
    ]
    results = run_plan(steps, workers=4)
    assert results == {"base": "base:1", "nginx": "nginx:abc", "push": "push"}
    assert log.index("end base") < log.index("start nginx [('base', 'base:1')]")
    assert log[-2:] == ["start push [('base', 'base:1'), ('nginx', 'nginx:abc')]", "end push"]


def test_independent_steps_run_at_the_same_time() -> None:
    inside = threading.Barrier(3, timeout=5)

    def meet(got, cancel):  # type: ignore[no-untyped-def]
        inside.wait()  # only returns when all three are running together
        return "ok"

    steps = [Step(name, meet) for name in ("a", "b", "c")]
    assert run_plan(steps, workers=3) == {"a": "ok", "b": "ok", "c": "ok"}


def test_a_failure_stops_the_plan_tells_running_steps_and_skips_the_rest() -> None:
    log: list[str] = []
    noticed = threading.Event()

    def fail(got, cancel):  # type: ignore[no-untyped-def]
        time.sleep(0.1)
        raise RuntimeError("build failed")

    def long(got, cancel):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                stop_if_cancelled(cancel)
            except Cancelled:
                noticed.set()
                raise
            time.sleep(0.01)
        return "finished"

    steps = [
        Step("fails", fail),
        Step("long", long),
        Step("after", _recording(log, "after"), needs=("fails",)),
    ]
    start = time.monotonic()
    with pytest.raises(RuntimeError, match="build failed"):
        run_plan(steps, workers=3)
    assert time.monotonic() - start < 5
    assert noticed.is_set()
    assert log == []


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([Step("a", _recording([], "a"), needs=("b",))], "needs unknown step"),
        ([Step("a", _recording([], "a")), Step("a", _recording([], "a"))], "named twice"),
        (
            [Step("a", _recording([], "a"), needs=("b",)), Step("b", _recording([], "b"), needs=("a",))],
            "wait on each other",
        ),
    ],
)
def test_a_plan_that_cannot_run_is_refused_before_anything_starts(steps: list[Step], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_plan(steps)
