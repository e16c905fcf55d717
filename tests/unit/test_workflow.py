"""The GitHub workflow's promises, and the .ci scripts its steps run, exercised here.

GitHub's schema and shellcheck are checked by `make lint` (.ci/lint.sh); these tests check what a
schema cannot: who may write and deploy, that every step's shell is a script or make target, and
that the scripts run here with the exit statuses they promise.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "docs.yml"
SCRIPTS = sorted((ROOT / ".ci").glob("*.sh"))
MAKE_TARGETS = set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))


def _workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text())
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    data["on"] = data.pop(True)
    return data


def _run(command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=600, check=False
    )


def test_triggers_are_pull_request_push_and_a_weekly_schedule_never_pull_request_target() -> None:
    workflow = _workflow()
    assert set(workflow["on"]) == {"pull_request", "push", "schedule", "workflow_dispatch"}
    (schedule,) = workflow["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "not weekly"


def test_the_token_is_read_only_except_in_the_deploy_job_on_main() -> None:
    workflow = _workflow()
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions", {})
        writes = {scope for scope, level in permissions.items() if level == "write"}
        if name == "deploy":
            assert writes == {"pages", "id-token"}
            assert job["if"] == "${{ github.event_name == 'push' && github.ref == 'refs/heads/main' }}"
            assert job["environment"]["name"] == "github-pages"
        else:
            assert not writes, f"job {name} asks for {writes}"


def test_deploy_uses_the_official_pages_actions_after_every_check() -> None:
    deploy = _workflow()["jobs"]["deploy"]
    used = [step["uses"].split("@")[0] for step in deploy["steps"] if "uses" in step]
    pages = ["actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"]
    assert [action for action in used if action in pages] == pages and used[-1] == "actions/deploy-pages"
    assert set(deploy["needs"]) == {"lint", "test", "check"}
    build = next(step for step in deploy["steps"] if step.get("run") == "make build")
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"


def test_check_runs_over_a_matrix_of_shards_and_uploads_its_reports() -> None:
    check = _workflow()["jobs"]["check"]
    shards = check["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and len(shards) >= 2
    assert check["env"]["SHARD"] == "${{ matrix.shard }}/${{ strategy.job-total }}"
    runs = [step.get("run") for step in check["steps"]]
    assert (
        runs.index("make engine")
        < runs.index("make provision IMAGE_SOURCE=recorded")  # like with like: the recordings' images
        < runs.index('.ci/check-shard.sh "$SHARD" build/reports')
    )
    upload = next(step for step in check["steps"] if step.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "${{ !cancelled() }}" and upload["with"]["path"] == "build/reports/"


def test_the_official_images_job_runs_weekly_only_and_uploads_its_diff() -> None:
    job = _workflow()["jobs"]["official-images"]
    assert "schedule" in job["if"] and "pull_request" not in job["if"] and "push" not in job["if"]
    runs = [step.get("run") for step in job["steps"]]
    assert runs.index("make provision IMAGE_SOURCE=official") < runs.index(".ci/official-images.sh build/reports")


def test_the_stability_soak_runs_weekly_only_and_uploads_its_results() -> None:
    job = _workflow()["jobs"]["stability"]
    assert "schedule" in job["if"] and "pull_request" not in job["if"] and "push" not in job["if"]
    runs = [step.get("run") for step in job["steps"]]
    assert runs.index("make provision IMAGE_SOURCE=recorded") < runs.index("make stability")
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact"))
    assert "build/signal-test.json" in upload["with"]["path"]


def test_the_test_job_runs_every_tier_but_the_soak() -> None:
    script = (ROOT / ".ci" / "fast-tests.sh").read_text()
    assert "tests/unit tests/engine tests/site tests/browser" in script and "tests/stability" not in script
    assert {path.name for path in (ROOT / "tests").iterdir() if path.is_dir() and path.name != "helpers"} >= {
        "unit",
        "engine",
        "site",
        "browser",
        "stability",
    }


def test_every_step_runs_a_script_or_a_make_target_and_checks_out_without_credentials() -> None:
    for name, job in _workflow()["jobs"].items():
        # Every job is bounded; the soak's ten whole-site checks get the longest bound.
        assert job["timeout-minutes"] <= (180 if name == "stability" else 90), name
        for step in job["steps"]:
            if "run" in step:
                command = step["run"].strip()
                assert "\n" not in command and "${{" not in command, f"{name}: shell belongs in a script: {command}"
                program, *_ = command.split()
                if program == "make":
                    assert command.split()[1] in MAKE_TARGETS, command
                else:
                    assert (ROOT / program).is_file() and program.startswith(".ci/"), command
            elif step["uses"].startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False, name


def test_every_ci_script_is_executable_and_shellchecked() -> None:
    assert {path.name for path in SCRIPTS} >= {"check-shard.sh", "official-images.sh", "lint.sh", "install-tools.sh"}
    for path in [*SCRIPTS, ROOT / ".ci" / "run"]:
        assert path.stat().st_mode & stat.S_IXUSR, f"{path} is not executable"
    lint = (ROOT / ".ci" / "lint.sh").read_text()
    assert "shellcheck .ci/run .ci/*.sh tools/*.sh" in lint


@pytest.mark.parametrize(
    "command",
    [
        [".ci/check-shard.sh"],
        [".ci/check-shard.sh", "one"],
        [".ci/check-shard.sh", "1of2"],
        [".ci/official-images.sh", "a", "b"],
        [".ci/fast-tests.sh", "a", "b"],
        [".ci/install-tools.sh", "--bogus"],
        ["tools/build-offline.sh"],
    ],
)
def test_a_script_called_wrongly_prints_its_usage_and_exits_2(command: list[str]) -> None:
    result = _run(command)
    assert result.returncode == 2, result
    assert result.stderr.startswith("usage: "), result.stderr


def test_install_tools_runs_here_and_finds_everything_installed() -> None:
    result = _run([".ci/install-tools.sh", "--browser"])
    assert result.returncode == 0, result.stderr
    assert "installing" not in result.stderr  # shellcheck and chromium are here already
    assert shutil.which("shellcheck") and Path("/usr/bin/chromium").exists()


def _stub_recorder(tmp_path: Path, status: int, write_reports: bool) -> Path:
    """A stand-in for `recorder` that exits with `status`, writing the report files first or not.

    It tests the script's own logic (which statuses pass); the recorder itself is tested against
    the real engine elsewhere.
    """
    stub = tmp_path / "recorder"
    writes = (
        'while [ $# -gt 0 ]; do case $1 in --junit|--json|--diff) : > "$2"; shift ;; esac; shift; done\n'
        if write_reports
        else ""
    )
    stub.write_text(f'#!/usr/bin/env bash\necho "$@" > "{tmp_path}/arguments"\n{writes}exit {status}\n')
    stub.chmod(0o755)
    return stub


@pytest.mark.parametrize(
    ("status", "write_reports", "expected", "says"),
    [
        (0, True, 0, "every output matches the recordings"),
        (1, True, 0, "differences from the recordings are in"),
        (1, False, 1, "failed before it could report"),
        (2, False, 2, "check failed (exit status 2)"),
        (130, False, 130, "check failed (exit status 130)"),
    ],
)
def test_official_images_passes_on_differences_but_not_on_failures(
    tmp_path: Path, status: int, write_reports: bool, expected: int, says: str
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "official.json").write_text("{}")  # left by an earlier run: must not count
    stub = _stub_recorder(tmp_path, status, write_reports)
    result = _run([".ci/official-images.sh", str(reports)], env={"RECORDER": str(stub), "PROJECT_ROOT": "/p"})
    assert result.returncode == expected, result.stderr
    assert says in result.stderr
    arguments = (tmp_path / "arguments").read_text().split()
    assert arguments[:5] == ["--root", "/p", "check", "--image-source", "official"]
    assert f"{reports}/official.diff" in arguments


@pytest.mark.parametrize("status", [0, 1, 2, 130])
def test_check_shard_passes_the_shard_and_reports_and_keeps_checks_status(tmp_path: Path, status: int) -> None:
    stub = _stub_recorder(tmp_path, status, write_reports=True)
    reports = tmp_path / "reports"
    result = _run([".ci/check-shard.sh", "2/3", str(reports), "-j", "1"], env={"RECORDER": str(stub)})
    assert result.returncode == status, result.stderr
    arguments = (tmp_path / "arguments").read_text().split()
    assert arguments == [
        "--root",
        str(ROOT),
        "check",
        "--shard",
        "2/3",
        "--junit",
        f"{reports}/check-2-of-3.xml",
        "--json",
        f"{reports}/check-2-of-3.json",
        "--diff",
        f"{reports}/check-2-of-3.diff",
        "-j",
        "1",
    ]
    assert sorted(p.name for p in reports.iterdir()) == ["check-2-of-3.diff", "check-2-of-3.json", "check-2-of-3.xml"]


def test_lint_passes_here_and_fails_on_a_workflow_against_githubs_schema(repository_copy: Path) -> None:
    passed = _run([".ci/lint.sh"], cwd=repository_copy)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    workflow = repository_copy / ".github" / "workflows" / "docs.yml"
    workflow.write_text(workflow.read_text().replace("runs-on: ubuntu-24.04\n    timeout-minutes: 15", "", 1))
    failed = _run([".ci/lint.sh"], cwd=repository_copy)
    assert failed.returncode != 0
    assert "docs.yml" in failed.stdout + failed.stderr


def test_lint_fails_on_a_script_shellcheck_refuses(repository_copy: Path) -> None:
    script = repository_copy / ".ci" / "careless.sh"
    script.write_text("#!/usr/bin/env bash\nrm -rf $1/build\n")
    failed = _run([".ci/lint.sh"], cwd=repository_copy)
    assert failed.returncode != 0
    assert "SC2086" in failed.stdout
