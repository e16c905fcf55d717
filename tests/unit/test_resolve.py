"""Commands that name a generated container use this run's name, not the recorded one."""

from __future__ import annotations

from pathlib import Path

import pytest

from recorder.errors import SnippetError
from recorder.results.runs import SnippetRun
from recorder.results.screen import Screen
from recorder.run.runner import images_named_in_files, resolve_command
from recorder.site.options import SnippetOptions
from recorder.site.pages import Project, Snippet, load_pages


def _snippet(tmp_path: Path, name: str, command: str, **options: object) -> Snippet:
    path = tmp_path / f"{name}.sh"
    path.write_text(command + "\n")
    return Snippet("p", name, path, tmp_path / f"{name}.out", 1, SnippetOptions(**options))


def test_generated_name_is_taken_from_the_named_snippets_fresh_output(tmp_path: Path) -> None:
    ps = _snippet(tmp_path, "ps", "docker ps -a")
    ps_run = SnippetRun(ps, "docker ps -a", Screen.of_text("abc  Exited (0)  musing_curie\nabd  Up  daemon\n"), 0)
    rm = _snippet(tmp_path, "rm", "docker rm lucid_ritchie", names_from="ps")
    assert resolve_command(rm, [ps_run]) == "docker rm musing_curie"


def test_commands_without_names_from_run_as_written(tmp_path: Path) -> None:
    rm = _snippet(tmp_path, "rm", "docker rm lucid_ritchie")
    assert resolve_command(rm, []) == "docker rm lucid_ritchie"


def test_too_few_generated_names_is_an_error_naming_the_snippet(tmp_path: Path) -> None:
    ps = _snippet(tmp_path, "ps", "docker ps -a")
    ps_run = SnippetRun(ps, "docker ps -a", Screen.of_text("abd  Up  daemon\n"), 0)
    rm = _snippet(tmp_path, "rm", "docker rm lucid_ritchie", names_from="ps")
    with pytest.raises(SnippetError, match="p/rm: names 1 generated name"):
        resolve_command(rm, [ps_run])


def test_images_that_builds_pull_are_found_in_page_files(make_page) -> None:
    root = make_page("demo", {"a": "docker build ."})
    files = root / "snippets" / "demo" / "files"
    files.mkdir()
    (files / "Dockerfile").write_text("FROM python:3.13-slim AS build\nRUN echo FROM nowhere\n")
    (files / "compose.yaml").write_text("services:\n  db:\n    image: redis\n")
    (files / "app.py").write_text("from flask import Flask\n")
    (page,) = load_pages(Project(root))
    assert images_named_in_files(page) == {"python:3.13-slim", "redis:latest"}
