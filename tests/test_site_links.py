"""Every internal link of the built site points to a file that exists, and every #anchor to an id.

No browser: each .html file of a fresh ``mkdocs build --strict`` is parsed with html.parser.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_server import built_site  # noqa: F401 - a fixture

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


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:  # noqa: F811
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
