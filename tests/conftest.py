"""Shared fixtures: temporary projects to record into, and the host engine for integration tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Fixtures shared by every module, defined once: the built site and its server, and the browser.
pytest_plugins = ["site_server", "browser_support"]


def command_block(page: str, name: str) -> str:
    return f'``` {{ .bash .command }}\n--8<-- "{page}/{name}.sh"\n```\n'


def output_block(page: str, name: str) -> str:
    return f'--8<-- "{page}/{name}.html"\n'


@pytest.fixture
def make_page(tmp_path: Path) -> Callable[..., Path]:
    """Write a small page with the given snippets (name -> command) into a temporary project."""

    def make(page: str, snippets: dict[str, str], options: str = "", with_outputs: bool = True) -> Path:
        docs = tmp_path / "docs"
        folder = tmp_path / "snippets" / page
        folder.mkdir(parents=True, exist_ok=True)
        docs.mkdir(exist_ok=True)
        blocks = [f"# {page}\n"]
        for name, command in snippets.items():
            (folder / f"{name}.sh").write_text(command + "\n")
            blocks.append(command_block(page, name))
            if with_outputs:
                blocks.append(output_block(page, name))
        (docs / f"{page}.md").write_text("\n".join(blocks))
        if options:
            (folder / "options.yml").write_text(options)
        return tmp_path

    return make


@pytest.fixture
def site_copy(tmp_path: Path) -> Callable[[str], Path]:
    """A temporary copy of one page of the real site, with its snippets and recordings."""

    def copy(page: str) -> Path:
        (tmp_path / "docs").mkdir()
        shutil.copy(ROOT / "docs" / f"{page}.md", tmp_path / "docs" / f"{page}.md")
        shutil.copytree(ROOT / "snippets" / page, tmp_path / "snippets" / page)
        return tmp_path

    return copy


@pytest.fixture
def repository_copy(tmp_path: Path) -> Path:
    """The repository's files (not .git, build or the venv, which is linked), added to a fresh git repo."""
    copy = tmp_path / "repo"
    ignore = shutil.ignore_patterns(".git", ".venv", "build", "site", "__pycache__", "*.egg-info", ".*_cache")
    shutil.copytree(ROOT, copy, ignore=ignore)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    subprocess.run(["git", "add", "-A"], cwd=copy, check=True)
    return copy


def run_recorder(root: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Run the recorder's CLI as a user would, capturing what it prints."""
    return subprocess.run(
        [sys.executable, "-m", "recorder.cli", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
