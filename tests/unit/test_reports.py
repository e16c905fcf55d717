"""Reports of a run, read back the way CI reads them: JUnit by a JUnit parser, JSON by json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

from recorder.cli.engine_commands import PageOutcome
from recorder.compare.drift import Drift, PageComparison
from recorder.errors import EngineError, SnippetError
from recorder.results.reports import PAGE_CASE, Status, build_report, load_json, write_diff, write_json, write_junit
from recorder.results.shards import Shard
from recorder.site.pages import Page, Project, load_pages

SNIPPETS = {"01-pull": "docker pull debian", "02-run": "docker run debian", "03-ps": "docker ps"}


@pytest.fixture
def page(make_page) -> Page:
    root = make_page("demo", SNIPPETS)
    (page,) = load_pages(Project(root))
    return page


def _cases(path: Path) -> dict[tuple[str, str], object]:
    xml = JUnitXml.fromfile(str(path))
    return {(case.classname, case.name): case for suite in xml for case in suite}


def _drift(snippet: str, recorded: str, fresh: str) -> Drift:
    drift = PageComparison("demo").compare(snippet, recorded, fresh)
    assert drift is not None
    return drift


def test_a_passing_page_is_one_passed_case_per_snippet(page: Page, tmp_path: Path) -> None:
    report = build_report("check", None, [PageOutcome(page, seconds=12.5)])
    write_junit(report, tmp_path / "r.xml")
    cases = _cases(tmp_path / "r.xml")
    assert list(cases) == [("demo", name) for name in SNIPPETS]
    assert all(case.is_passed for case in cases.values())
    suite = next(iter(JUnitXml.fromfile(str(tmp_path / "r.xml"))))
    assert (suite.name, suite.tests, suite.failures, suite.errors, suite.time) == ("demo", 3, 0, 0, 12.5)


def test_a_drift_is_a_failure_carrying_the_masked_diff(page: Page, tmp_path: Path) -> None:
    drift = _drift("02-run", "Hello\n", "Goodbye\n")
    report = build_report("check", None, [PageOutcome(page, seconds=3.0, drifts=[drift])])
    write_junit(report, tmp_path / "r.xml")
    cases = _cases(tmp_path / "r.xml")
    failed = cases[("demo", "02-run")]
    (failure,) = failed.result
    assert isinstance(failure, Failure)
    assert failure.message == "--- demo/02-run.out (recorded, masked)"
    assert "-Hello" in failure.text and "+Goodbye" in failure.text
    assert cases[("demo", "01-pull")].is_passed and cases[("demo", "03-ps")].is_passed


def test_drifts_naming_no_snippet_are_a_page_case(page: Page, tmp_path: Path) -> None:
    never = Drift("demo", "*", "never recorded: recording.yml is missing; run make record")
    report = build_report("check", None, [PageOutcome(page, drifts=[never])])
    write_junit(report, tmp_path / "r.xml")
    cases = _cases(tmp_path / "r.xml")
    (failure,) = cases[("demo", PAGE_CASE)].result
    assert isinstance(failure, Failure) and failure.message.startswith("never recorded")
    assert len(cases) == 4


def test_two_drifts_of_one_snippet_are_one_failure_with_both(page: Page) -> None:
    edited = Drift("demo", "03-ps", "demo/03-ps.out was edited after the recorder wrote it")
    report = build_report("check", None, [PageOutcome(page, drifts=[edited, _drift("03-ps", "a\n", "b\n")])])
    (result,) = [s for s in report.pages[0].snippets if s.status is Status.FAILED]
    assert result.message == "demo/03-ps.out was edited after the recorder wrote it (and 1 more)"
    assert "edited after" in result.detail and "+b" in result.detail


def test_a_failing_snippet_fails_and_the_others_are_skipped_saying_why(page: Page, tmp_path: Path) -> None:
    error = SnippetError("demo", "02-run", "exited with status 125, expected 0", "    | docker: Error\x1b[0m")
    report = build_report("check", Shard(2, 3), [PageOutcome(page, seconds=1.0, error=error)])
    write_junit(report, tmp_path / "r.xml")
    cases = _cases(tmp_path / "r.xml")
    (before,) = cases[("demo", "01-pull")].result
    (failed,) = cases[("demo", "02-run")].result
    (after,) = cases[("demo", "03-ps")].result
    assert isinstance(before, Skipped) and before.message == "ran, but not compared: the page stopped at 02-run"
    assert isinstance(failed, Failure) and failed.message == "demo/02-run: exited with status 125, expected 0"
    assert "docker: Error\\x1b[0m" in failed.text  # a control character XML cannot carry, spelled out
    assert isinstance(after, Skipped) and after.message == "not run: the page stopped at 02-run"
    xml = JUnitXml.fromfile(str(tmp_path / "r.xml"))
    assert xml.name == "recorder check shard 2/3"


def test_record_says_written_where_check_says_compared(page: Page) -> None:
    error = SnippetError("demo", "03-ps", "timed out")
    report = build_report("record", None, [PageOutcome(page, error=error)])
    assert report.pages[0].snippets[0].message == "ran, but not written: the page stopped at 03-ps"


def test_a_page_level_error_is_an_error_case_and_every_snippet_skipped(page: Page, tmp_path: Path) -> None:
    error = EngineError("demo/02-run: the Docker engine stopped answering")
    report = build_report("check", None, [PageOutcome(page, error=error)])
    write_junit(report, tmp_path / "r.xml")
    cases = _cases(tmp_path / "r.xml")
    (page_error,) = cases[("demo", PAGE_CASE)].result
    assert isinstance(page_error, Error) and page_error.message == str(error)
    for name in SNIPPETS:
        (skipped,) = cases[("demo", name)].result
        assert isinstance(skipped, Skipped) and "the page failed as a whole" in skipped.message


def test_an_unchanged_page_of_record_is_skipped(page: Page) -> None:
    report = build_report("record", None, [PageOutcome(page, skipped=True)])
    assert {s.status for s in report.pages[0].snippets} == {Status.SKIPPED}
    assert report.pages[0].status is Status.SKIPPED


def test_json_has_each_pages_seconds_and_snippets(page: Page, make_page, tmp_path: Path) -> None:
    make_page("other", {"01-x": "echo x"})
    other = next(p for p in load_pages(Project(page.folder.parents[1])) if p.name == "other")
    drift = _drift("01-pull", "x\n", "y\n")
    outcomes = [PageOutcome(page, seconds=41.25, drifts=[drift]), PageOutcome(other, seconds=2.5)]
    write_json(build_report("check", Shard(1, 2), outcomes), tmp_path / "r.json")
    data = load_json(tmp_path / "r.json")
    assert data["command"] == "check" and data["shard"] == "1/2"
    assert data["totals"] == {"passed": 3, "failed": 1, "error": 0, "skipped": 0}
    assert data["seconds"] == 43.75
    assert [(p["page"], p["seconds"], p["status"]) for p in data["pages"]] == [
        ("demo", 41.25, "failed"),
        ("other", 2.5, "passed"),
    ]
    first = data["pages"][0]["snippets"][0]
    assert first["name"] == "01-pull" and first["status"] == "failed" and "+y" in first["detail"]


def test_json_of_another_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text(json.dumps({"format": 99}))
    with pytest.raises(ValueError, match="format 99"):
        load_json(tmp_path / "r.json")


def test_the_diff_file_lists_every_failed_snippet_and_is_empty_when_all_pass(page: Page, tmp_path: Path) -> None:
    drift = _drift("03-ps", "CONTAINER ID\n", "CONTAINER\n")
    write_diff(build_report("check", None, [PageOutcome(page, drifts=[drift])]), tmp_path / "d.diff")
    text = (tmp_path / "d.diff").read_text()
    assert text.startswith("=== demo/03-ps: failed: --- demo/03-ps.out (recorded, masked)\n")
    assert "-CONTAINER ID\n+CONTAINER\n" in text
    write_diff(build_report("check", None, [PageOutcome(page)]), tmp_path / "none.diff")
    assert (tmp_path / "none.diff").read_text() == ""
