"""Shards and reports against the real engine, on a small scratch project, as CI runs them.

`record --shard` and `.ci/check-shard.sh` (CI's step) over 1/2 and 2/2: every page runs in
exactly one shard, and the JUnit files that a JUnit parser reads say what passed, drifted or
failed, snippet by snippet.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml, Skipped

from conftest import ROOT, run_recorder

pytestmark = [pytest.mark.docker]

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


def _check_shard(root: Path, shard: str, reports: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / ".ci" / "check-shard.sh"), shard, str(reports), "-j", "2"],
        env={**os.environ, "PROJECT_ROOT": str(root), "RECORDER": str(ROOT / ".venv" / "bin" / "recorder")},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _cases(path: Path) -> dict[tuple[str, str], object]:
    return {(case.classname, case.name): case for suite in JUnitXml.fromfile(str(path)) for case in suite}


def test_shards_run_every_page_once_and_junit_says_what_drifted(project: Path, tmp_path: Path) -> None:
    recorded: list[str] = []
    for shard in ("1/2", "2/2"):
        report = tmp_path / f"record-{shard.replace('/', '-')}.json"
        result = run_recorder(project, "record", "--shard", shard, "-j", "2", "--json", str(report))
        assert result.returncode == 0, result.stderr
        recorded += [page["page"] for page in json.loads(report.read_text())["pages"]]
    assert sorted(recorded) == sorted(PAGES), "record: not every page exactly once"
    for name in PAGES:
        assert (project / "snippets" / name / "recording.yml").is_file()

    reports = tmp_path / "reports"
    checked: list[tuple[str, str]] = []
    for shard in ("1/2", "2/2"):
        result = _check_shard(project, shard, reports)
        assert result.returncode == 0, result.stderr
        cases = _cases(reports / f"check-{shard.replace('/', '-of-')}.xml")
        assert all(case.is_passed for case in cases.values()), cases
        checked += list(cases)
    expected = [(page, snippet) for page, snippets in PAGES.items() for snippet in snippets]
    assert sorted(checked) == sorted(expected), "check: not every snippet exactly once"

    # Now gamma drifts (a changed output) and fails (an exit status its options do not expect).
    gamma = project / "snippets" / "gamma"
    (gamma / "01-printf.sh").write_text("printf '%s\\n' one three\n")
    (gamma / "02-true.sh").write_text("false\n")
    shard = next(
        s for s in ("1/2", "2/2") if ("gamma", "01-printf") in _cases(reports / f"check-{s.replace('/', '-of-')}.xml")
    )
    result = _check_shard(project, shard, reports)
    assert result.returncode == 1, result.stderr
    name = f"check-{shard.replace('/', '-of-')}"
    cases = _cases(reports / f"{name}.xml")
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
    result = _check_shard(project, shard, reports)
    assert result.returncode == 1, result.stderr
    (drift,) = _cases(reports / f"{name}.xml")[("gamma", "01-printf")].result
    assert isinstance(drift, Failure)
    assert "-two" in drift.text and "+three" in drift.text
    summary = json.loads((reports / f"{name}.json").read_text())
    assert summary["shard"] == shard and {p["page"] for p in summary["pages"]} == {
        page for page, _ in _cases(reports / f"{name}.xml")
    }
