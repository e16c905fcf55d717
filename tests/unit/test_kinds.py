"""A snippet kind is one module and one entry point: options.yml may then name it in `kind`;
an unknown kind, or a registration that is no kind, is one line naming where it is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers.kinds import PLAIN_KIND_MODULE
from helpers.pages import write_page
from helpers.plugins import install_package
from helpers.recorder_cli import run_recorder
from recorder.errors import InputError
from recorder.kinds import SHELL_KIND, SNIPPET_KINDS, ShellKind
from recorder.site.options import load_options

NO_ENGINE = "unix:///nonexistent/docker.sock"


def test_the_shell_is_the_built_in_kind_and_the_default(tmp_path: Path) -> None:
    assert [kind.name for kind in SNIPPET_KINDS.built_in] == [SHELL_KIND]
    assert isinstance(SNIPPET_KINDS.get(SHELL_KIND), ShellKind)
    options = tmp_path / "options.yml"
    options.write_text("a:\n  timeout: 5\nb:\n  kind: shell\n")
    loaded = load_options(options)
    assert loaded["a"].kind == loaded["b"].kind == SHELL_KIND


def test_an_unknown_kind_names_file_and_line(tmp_path: Path) -> None:
    options = tmp_path / "options.yml"
    options.write_text("a:\n  timeout: 5\n  kind: python\n")
    with pytest.raises(InputError) as raised:
        load_options(options)
    assert str(raised.value).endswith(
        "options.yml:3: option 'kind' of snippet 'a' must be a snippet kind: shell or a registered one"
    )


def test_a_registered_kind_may_be_named_and_is_refused_without_its_package(tmp_path: Path) -> None:
    root = write_page(tmp_path / "site", "demo", {"a": "echo hi"}, options="a:\n  kind: plain\n")
    env = install_package(
        tmp_path, "site_kinds", PLAIN_KIND_MODULE, "recorder.snippet_kinds", "plain = site_kinds:PLAIN"
    )
    with_package = run_recorder(root, "check", env={**env, "DOCKER_HOST": NO_ENGINE})
    assert with_package.returncode == 1, with_package.stderr  # past the options, stopped at the absent engine
    assert "kind" not in with_package.stderr
    without = run_recorder(root, "check", env={**os.environ, "DOCKER_HOST": NO_ENGINE})
    assert without.returncode == 2
    assert "options.yml:2: option 'kind' of snippet 'a' must be a snippet kind" in without.stderr


def test_a_registration_that_is_no_kind_is_one_line_naming_it(tmp_path: Path) -> None:
    root = write_page(tmp_path / "site", "demo", {"a": "echo hi"}, options="a:\n  kind: plain\n")
    entry = "plain = site_kinds:NOT_A_KIND"
    env = install_package(tmp_path, "site_kinds", PLAIN_KIND_MODULE, "recorder.snippet_kinds", entry)
    result = run_recorder(root, "check", env={**env, "DOCKER_HOST": NO_ENGINE})
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert lines[0] == (
        f"error: entry point '{entry}' (recorder.snippet_kinds of site-parts): "
        "not a snippet kind: a snippet kind has a `name` and a `start(sandbox)` method"
    )
