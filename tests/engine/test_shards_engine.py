"""Shards and reports against the real engine, on a small scratch project, as CI runs them.

`record --shard` and `.ci/check-shard.sh` (CI's step) over 1/2 and 2/2, each shard on its own
copy of the project as on its own CI machine: every page runs in exactly one shard, and the
JUnit files that a JUnit parser reads say what passed, drifted or failed, snippet by snippet.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml, Skipped

from helpers import ROOT
from helpers.recorder_cli import run_recorder

PAGES = {
    "alpha": {"01-echo": "echo alpha", "02-engine": "docker version --format '{{.Server.Os}}'"},
    "beta": {"01-ls": "ls /tutorial | wc -l"},
    "gamma": {"01-printf": "printf '%s\\n' one two", "02-true": "true", "03-echo": "echo done"},
}


@pytest.fixture
def project(make_page) -> Path:
    root = None
    for name, snippets in PAGES.items():
        root = make_page(name, snippets)
    assert root is not None
    return root


def _check_shard(root: Path, shard: str, reports: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / ".ci" / "check-shard.sh"), shard, str(reports), "-j", "2", *extra],
        env={**os.environ, "PROJECT_ROOT": str(root), "RECORDER": str(ROOT / ".venv" / "bin" / "recorder")},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _cases(path: Path) -> dict[tuple[str, str], object]:
    return {(case.classname, case.name): case for suite in JUnitXml.fromfile(str(path)) for case in suite}


def _machine(project: Path, name: str) -> Path:
    """A CI machine's own checkout of the project: every shard of a run starts from the same files."""
    copy = project.parent / f"{project.name}-{name}"
    shutil.copytree(project, copy)
    return copy


def test_shards_run_every_page_once_and_junit_says_what_drifted(project: Path, tmp_path: Path) -> None:
    # Record, as two CI machines would from one commit, then collect what each recorded.
    recorded: list[str] = []
    machines = [_machine(project, f"record-machine-{index}") for index in (1, 2)]
    for index, (shard, machine) in enumerate(zip(("1/2", "2/2"), machines, strict=True), start=1):
        report = tmp_path / f"record-{index}.json"
        result = run_recorder(machine, "record", "--shard", shard, "-j", "2", "--json", str(report))
        assert result.returncode == 0, result.stderr
        pages = json.loads(report.read_text())["pages"]
        # Each page's sandbox did some work: its inner engine started and ran the commands.
        assert all(page["cpu_seconds"] > 0.1 for page in pages), pages
        mine = [page["page"] for page in pages]
        for name in mine:
            shutil.rmtree(project / "snippets" / name)
            shutil.copytree(machine / "snippets" / name, project / "snippets" / name)
        recorded += mine
    assert sorted(recorded) == sorted(PAGES), "record: not every page exactly once"

    # Check the same way, each shard on its own machine, with CI's own step.
    reports = tmp_path / "reports"
    checked: list[tuple[str, str]] = []
    for index, shard in enumerate(("1/2", "2/2"), start=1):
        result = _check_shard(_machine(project, f"check-machine-{index}"), shard, reports)
        assert result.returncode == 0, result.stderr
        cases = _cases(reports / f"check-{shard.replace('/', '-of-')}.xml")
        assert cases and all(case.is_passed for case in cases.values()), cases
        checked += list(cases)
    expected = [(page, snippet) for page, snippets in PAGES.items() for snippet in snippets]
    assert sorted(checked) == sorted(expected), "check: not every snippet exactly once"

    # Now gamma drifts (a changed output) and fails (an exit status its options do not expect).
    gamma = project / "snippets" / "gamma"
    (gamma / "01-printf.sh").write_text("printf '%s\\n' one three\n")
    (gamma / "02-true.sh").write_text("false\n")
    result = _check_shard(project, "1/1", reports, "--page", "gamma")
    assert result.returncode == 1, result.stderr
    name = "check-1-of-1"
    cases = _cases(reports / f"{name}.xml")
    assert set(cases) == {("gamma", snippet) for snippet in PAGES["gamma"]}
    # The page stops at its failing snippet: the drift before it was run but not compared.
    (first,) = cases[("gamma", "01-printf")].result
    (failed,) = cases[("gamma", "02-true")].result
    (after,) = cases[("gamma", "03-echo")].result
    assert isinstance(first, Skipped) and first.message == "ran, but not compared: the page stopped at 02-true"
    assert isinstance(failed, Failure) and failed.message == "gamma/02-true: exited with status 1, expected 0"
    assert isinstance(after, Skipped) and after.message == "not run: the page stopped at 02-true"
    assert "=== gamma/02-true: failed: gamma/02-true: exited with status 1" in (reports / f"{name}.diff").read_text()

    # With the failure put right, the changed output is a failure carrying the masked diff.
    (gamma / "02-true.sh").write_text("true\n")
    result = _check_shard(project, "1/1", reports, "--page", "gamma")
    assert result.returncode == 1, result.stderr
    (drift,) = _cases(reports / f"{name}.xml")[("gamma", "01-printf")].result
    assert isinstance(drift, Failure)
    assert "-two" in drift.text and "+three" in drift.text
    summary = json.loads((reports / f"{name}.json").read_text())
    assert summary["shard"] == "1/1" and [page["page"] for page in summary["pages"]] == ["gamma"]
