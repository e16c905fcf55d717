"""The site builds with MkDocs and with Zensical, its successor, and both show the same thing.

Everything a page shows (commands, outputs, the provenance line with its stand-in links) is a
file that `pymdownx.snippets` includes, so no build-time code is needed and both builders must
find the same commands, outputs and provenance on every page. Each builds a copy of the
project in a temporary folder, so neither writes into the checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import ROOT, SITE
from recorder.site.pages import INCLUDE, Project, load_pages
from recorder.site.provenance import Provenance
from recorder.site.recording_note import stand_in_link

VENV_BIN = Path(sys.executable).parent


class _Shown(HTMLParser):
    """The text of a page's command blocks, output blocks and provenance line, in page order."""

    KINDS = {"command": "div", "output": "div", "provenance": "p"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.links: list[str] = []
        self._open: list[tuple[str, str | None]] = []  # (tag, kind of block it starts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        kind = next((k for k, t in self.KINDS.items() if t == tag and k in classes), None)
        if kind and not self._inside():
            self.found.append((kind, ""))
        if tag == "a" and self._inside() == "provenance":
            self.links.append(values.get("href") or "")
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self._open.append((tag, kind))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        kind = self._inside()
        if kind:
            self.found[-1] = (kind, self.found[-1][1] + data)

    def _inside(self) -> str | None:
        return next((kind for _, kind in reversed(self._open) if kind), None)


def shown(html: Path) -> tuple[list[tuple[str, str]], list[str]]:
    parser = _Shown()
    parser.feed(html.read_text(encoding="utf-8"))
    parser.close()
    # Block titles ("Console output") and copy buttons are the theme's, not the page's.
    return [(kind, text.replace("Console output", "", 1).strip()) for kind, text in parser.found], parser.links


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The project's site built by each builder from a copy of docs/, snippets/ and mkdocs.yml."""
    copy = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "docs", copy / "docs")
    # Every base path of pymdownx.snippets: the snippets, and the stand-ins' differences.
    for folder in SITE.include_paths:
        shutil.copytree(folder, copy / folder.relative_to(ROOT))
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    _run([str(VENV_BIN / "mkdocs"), "build", "--strict", "--site-dir", str(copy / "mkdocs-site")], copy)
    _run([str(VENV_BIN / "zensical"), "build", "--strict", "-f", "mkdocs.yml"], copy)
    return {"mkdocs": copy / "mkdocs-site", "zensical": copy / "site"}


PAGES = load_pages(Project(ROOT))


def built(site: Path, page: str) -> Path:
    """Where a page lands in a build with directory URLs (the web build; offline is opt-in)."""
    return site / page / "index.html"


def built_link(link: str) -> str:
    """A link between two top-level pages as it reads in a page built with directory URLs."""
    target, _, anchor = link.partition("#")
    return f"../{target.removesuffix('.md')}/" + (f"#{anchor}" if anchor else "")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_both_builders_show_the_same_commands_outputs_and_provenance(builds: dict[str, Path], page) -> None:
    mkdocs, mkdocs_links = shown(built(builds["mkdocs"], page.name))
    zensical, zensical_links = shown(built(builds["zensical"], page.name))
    kinds = [kind for kind, _ in mkdocs]
    includes = [m.group("path") for line in page.doc_path.read_text().splitlines() if (m := INCLUDE.match(line))]
    assert kinds.count("command") == len(page.snippets)
    outputs = [path for path in includes if Path(path).parent.as_posix() == page.name and path.endswith(".html")]
    assert kinds.count("output") == len(outputs)
    assert kinds.count("provenance") == 1
    assert zensical == mkdocs
    assert zensical_links == mkdocs_links


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_a_page_discloses_every_stand_in_its_outputs_used(builds: dict[str, Path], builder: str, page) -> None:
    provenance = Provenance.load(page)
    assert provenance is not None, f"{page.name} runs snippets but was never recorded"
    assert page.recording_note_path.is_file()
    include = f'--8<-- "{page.name}/{page.recording_note_path.name}"'
    assert include in page.doc_path.read_text(encoding="utf-8"), f"{page.doc_path.name} does not include {include}"
    found, links = shown(built(builds[builder], page.name))
    (provenance_line,) = [text for kind, text in found if kind == "provenance"]
    for image in provenance.stand_ins:
        assert f"{image}" in provenance_line
        assert built_link(stand_in_link(image, page.site.provenance_page)) in links, (
            f"{page.name}: no link for stand-in {image}"
        )
