"""The example site builds strictly with its own mkdocs.yml and verifies without an engine:
everything it needs is its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import ROOT
from recorder.site.pages import Project, load_pages

EXAMPLE = ROOT / "examples" / "text-tools"


def test_its_configuration_is_its_own() -> None:
    config = Project(EXAMPLE).config
    assert config.workdir == "/home/reader" and config.output_title == "Terminal"
    assert config.naming.name_prefix == "text-tools"
    assert config.standins == EXAMPLE / "standins"
    assert config.include_paths == ((EXAMPLE / "snippets").resolve(),)
    pages = load_pages(Project(EXAMPLE), [])
    assert [page.name for page in pages] == ["counting", "debian"]


def test_it_builds_strictly_from_its_own_folder(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "debian" / "index.html").read_text(encoding="utf-8")
    assert 'data-snippet="debian/03-missing"' in page


def test_its_outputs_verify_without_an_engine() -> None:
    verified = subprocess.run(
        [sys.executable, "-m", "recorder", "--root", str(EXAMPLE), "verify-outputs"],
        capture_output=True,
        text=True,
        env={**os.environ, "DOCKER_HOST": "unix:///nonexistent/docker.sock"},
    )
    assert verified.returncode == 0, verified.stderr
    assert "2 page(s): every output is as the recorder wrote it" in verified.stdout + verified.stderr
