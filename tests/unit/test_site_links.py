"""Every internal link of the built site points to a file that exists, and every #anchor to an id.

No browser: each .html file of a fresh ``mkdocs build --strict`` is parsed with html.parser.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from helpers.site_server import build_site, nav_pages

# Links with these schemes leave the site (or are not links to a file): they are not checked here.
EXTERNAL_SCHEMES = {"http", "https", "mailto", "javascript", "data", "tel"}
LINK_ATTRIBUTES = {"href", "src", "xlink:href", "poster"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.anchors.add(value)
            elif name in LINK_ATTRIBUTES or (name == "data" and tag == "object"):
                self.links.append(value)
            elif name == "srcset":
                self.links.extend(part.split()[0] for part in value.split(",") if part.strip())

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    site = built_site.resolve()
    pages = sorted(site.rglob("*.html"))
    assert pages, f"no .html file in the built site {site}"
    parsed: dict[Path, _PageParser] = {}

    def parse(path: Path) -> _PageParser:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    broken: list[str] = []
    checked = 0
    for page in pages:
        name = page.relative_to(site).as_posix()
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme.lower() in EXTERNAL_SCHEMES or (parts.netloc and not parts.scheme):
                continue
            checked += 1
            if parts.scheme:
                broken.append(f"{name} -> {link} (scheme {parts.scheme}: is not a link within the site)")
                continue
            path = unquote(parts.path)
            if not path:
                target = page
            elif path.startswith("/"):
                target = site / path.lstrip("/")
            else:
                target = page.parent / path
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            target = target.resolve()
            if not target.is_relative_to(site):
                broken.append(f"{name} -> {link} (outside the site)")
                continue
            if not target.is_file():
                broken.append(f"{name} -> {link} (no file {target.relative_to(site).as_posix()})")
                continue
            if parts.fragment and target.suffix == ".html":
                anchor = unquote(parts.fragment)
                if anchor not in parse(target).anchors:
                    where = "this page" if target == page else target.relative_to(site).as_posix()
                    broken.append(f"{name} -> {link} (no id {anchor!r} in {where})")

    assert checked, "no internal link found at all: is the parser broken?"
    assert not broken, f"{len(broken)} broken internal link(s) in the built site:\n" + "\n".join(broken)


PUBLISHED = "https://docs.example.org/docker-tutorial/"


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web build as CI makes it for GitHub Pages: SITE_URL set to a project site's address."""
    site = build_site(tmp_path_factory.mktemp("published"), SITE_URL=PUBLISHED)
    if isinstance(site, str):
        pytest.fail(site, pytrace=False)
    return site


def test_the_sitemap_lists_every_page_at_its_directory_url(published_site: Path) -> None:
    root = ET.parse(published_site / "sitemap.xml").getroot()
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = [loc.text for loc in root.findall("s:url/s:loc", namespace)]
    assert sorted(listed) == sorted(PUBLISHED + page for page in nav_pages())


def test_pages_name_their_canonical_url(published_site: Path) -> None:
    for page in nav_pages():
        html = (published_site / page / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{PUBLISHED}{page}">' in html, page


def test_the_404_page_links_by_absolute_path_so_it_works_at_any_depth(published_site: Path) -> None:
    html = (published_site / "404.html").read_text(encoding="utf-8")
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets and all(href.startswith("/docker-tutorial/") for href in stylesheets), stylesheets
