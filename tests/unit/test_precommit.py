"""`recorder verify-outputs` and the pre-commit hooks: a hand-edited output never reaches a commit.

No engine: verify-outputs reads only the page's files and recording.yml's hashes (the same
checks `check` reports as drift, from recorder/integrity.py).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

from helpers import ROOT
from helpers.recorder_cli import run_recorder
from recorder.results.runs import PageRun, SnippetRun
from recorder.results.screen import Screen
from recorder.results.store import write_page
from recorder.site.pages import Project, load_pages

OUTPUTS = {"01-one": "one\n", "02-two": "two\n"}


def _recorded(make_page) -> Path:
    """A page recorded through the real writer, from a run we describe."""
    root = make_page("demo", {name: f"echo {name}" for name in OUTPUTS})
    (page,) = load_pages(Project(root))
    runs = [SnippetRun(s, s.command, Screen.of_text(OUTPUTS[s.name]), 0) for s in page.snippets]
    write_page(PageRun(page, runs), {}, ["sha"], "current")
    return root


def test_outputs_as_recorded_pass(make_page) -> None:
    result = run_recorder(_recorded(make_page), "verify-outputs", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "1 page(s): every output is as the recorder wrote it" in result.stderr


def test_a_hand_edited_output_fails_naming_the_file(make_page) -> None:
    root = _recorded(make_page)
    (root / "snippets/demo/02-two.out").write_text("TWO\n")
    result = run_recorder(root, "verify-outputs", timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].endswith("snippets/demo/02-two.out: demo/02-two.out was edited after the recorder wrote it")
    assert lines[-1] == "outputs come only from the recorder: make record PAGE=NAME for demo"


def test_a_changed_command_a_missing_output_and_an_edited_rendering_fail(make_page) -> None:
    root = _recorded(make_page)
    (root / "snippets/demo/01-one.sh").write_text("echo uno\n")
    (root / "snippets/demo/02-two.out").unlink()
    html = root / "snippets/demo/01-one.html"
    html.write_text(html.read_text().replace("one", "uno"))
    result = run_recorder(root, "verify-outputs", timeout=60)
    assert result.returncode == 1
    assert "snippets/demo/01-one.sh: the command was changed since its output was recorded" in result.stderr
    assert "snippets/demo/02-two.out: no recorded output demo/02-two.out" in result.stderr
    assert "snippets/demo/01-one.html: demo/01-one.html is missing or was edited" in result.stderr


def test_a_page_never_recorded_fails(make_page) -> None:
    root = make_page("fresh", {"01-a": "echo a"})
    result = run_recorder(root, "verify-outputs", timeout=60)
    assert result.returncode == 1
    assert "snippets/fresh/recording.yml: never recorded" in result.stderr


def test_bad_input_is_status_2_naming_file_and_line(make_page) -> None:
    root = _recorded(make_page)
    (root / "snippets/demo/options.yml").write_text("01-one:\n  colour: red\n")
    result = run_recorder(root, "verify-outputs", timeout=60)
    assert result.returncode == 2
    assert "snippets/demo/options.yml:2: unknown option 'colour'" in result.stderr


def test_the_hooks_are_local_only_so_nothing_is_fetched() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert set(hooks) == {"ruff", "ruff-format", "yaml-syntax", "mkdocs-build", "recorded-outputs", "unit-tests"}
    assert all(hook["language"] == "system" and hook["entry"].startswith(".venv/bin/") for hook in hooks.values())


def _pre_commit(repo: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pre-commit in a copy of the repository; the unit-tests hook is skipped (these tests are in it)."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "SKIP": "unit-tests"}
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pre-commit"), "run", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_every_hook_passes_on_the_repository_and_one_refuses_an_edited_output(
    repository_copy: Path, tmp_path: Path
) -> None:
    passed = _pre_commit(repository_copy, tmp_path, "--all-files")
    assert passed.returncode == 0, passed.stdout
    for name in ("ruff check", "YAML syntax", "mkdocs build --strict", "outputs are as the recorder wrote them"):
        assert any(line.startswith(name) and line.endswith("Passed") for line in passed.stdout.splitlines()), name
    assert any(line.startswith("unit tests") and line.endswith("Skipped") for line in passed.stdout.splitlines())

    output = repository_copy / "snippets/hello-world/01-version.out"
    output.write_text(output.read_text().replace("version", "versoin", 1))
    subprocess.run(["git", "add", str(output)], cwd=repository_copy, check=True)
    refused = _pre_commit(repository_copy, tmp_path, "recorded-outputs")  # the staged files, as at commit
    assert refused.returncode == 1
    assert "snippets/hello-world/01-version.out: hello-world/01-version.out was edited" in refused.stdout


def test_the_yaml_hook_names_file_and_line(repository_copy: Path, tmp_path: Path) -> None:
    options = repository_copy / "snippets/hello-world/options.yml"
    options.write_text(options.read_text() + "broken: [unclosed\n")
    subprocess.run(["git", "add", str(options)], cwd=repository_copy, check=True)
    refused = _pre_commit(repository_copy, tmp_path, "yaml-syntax")
    assert refused.returncode == 1
    assert "snippets/hello-world/options.yml:" in refused.stdout
