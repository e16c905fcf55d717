"""A second site, examples/text-tools, is recorded and checked by the same installed recorder
through its own configuration alone: its own pages, stand-in catalogue, working directory,
labels and output title, and no file of the tutorial's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docker

from helpers import ROOT
from helpers.recorder_cli import run_recorder
from recorder import engine
from recorder.compare.masks import Masker
from recorder.site.pages import Project

EXAMPLE = ROOT / "examples" / "text-tools"
RECORDED = (".out", ".html", ".md", ".yml")


def _outputs(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for path in sorted((root / "snippets").rglob("*.out"))
    }


def test_the_example_site_checks_as_committed(client: docker.DockerClient, tmp_path: Path) -> None:
    site = tmp_path / "text-tools"
    shutil.copytree(EXAMPLE, site)
    result = run_recorder(site, "check")
    assert result.returncode == 0, result.stderr
    assert "check passed: 2 page(s) match Docker" in result.stdout + result.stderr
    naming = Project(site).config.naming
    assert naming.label_prefix == "org.example.text-tools"
    assert engine.leftovers(client, naming, engine.project_key(site)) == []


def test_the_example_site_records_what_was_committed(client: docker.DockerClient, tmp_path: Path) -> None:
    site = tmp_path / "text-tools"
    shutil.copytree(EXAMPLE, site)
    for path in (site / "snippets").rglob("*"):
        if path.suffix in RECORDED and path.name != "options.yml":
            path.unlink()
    recorded = run_recorder(site, "record")
    assert recorded.returncode == 0, recorded.stderr
    fresh, committed = _outputs(site), _outputs(EXAMPLE)
    assert sorted(fresh) == sorted(committed)
    for name, text in committed.items():
        assert Masker().mask(fresh[name]) == Masker().mask(text), name
    assert fresh["snippets/counting/04-where.out"] == "/home/reader\n"  # the site's own workdir
    html = (site / "snippets" / "counting" / "02-count-lines.html").read_text(encoding="utf-8")
    assert '<span class="filename">Terminal</span>' in html  # the site's own output title
    checked = run_recorder(site, "check")
    assert checked.returncode == 0, checked.stderr
