"""The site's rendering of an output: the same text as the `.out` file, colours as classes, nothing read as markup."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from helpers import ROOT
from recorder.results.output_html import output_html
from recorder.run.terminal import emulate

RENDERINGS = sorted((ROOT / "snippets").glob("*/*.html"))


def _text(html: str) -> str:
    code = re.search(r"<code>(.*)</code>", html, flags=re.DOTALL)
    assert code, html
    return unescape(re.sub(r"<[^>]+>", "", code.group(1)))


def test_markup_in_an_output_is_shown_as_text() -> None:
    raw = '<b>bold?</b> & [internal] --8<-- "x" *not emphasis*\r\n'
    html = output_html(emulate(raw), "p/n")
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert _text(html) == '<b>bold?</b> & [internal] --8<-- "x" *not emphasis*\n'


def test_colours_become_classes_and_reverse_swaps_them() -> None:
    html = output_html(emulate("\x1b[33myellow\x1b[0m \x1b[7mreversed\x1b[0m \x1b[38;5;196mred256\x1b[0m\r\n"), "p/n")
    assert '<span class="ansi-fg-yellow">yellow</span>' in html
    assert '<span class="ansi-fg-background ansi-bg-foreground">reversed</span>' in html
    assert '<span style="color:#ff0000">red256</span>' in html


def test_a_rendering_is_titled_and_names_its_snippet() -> None:
    html = output_html(emulate("x\r\n"), "hello-world/01-version")
    assert html.startswith('<div class="language-text output no-copy highlight" data-snippet="hello-world/01-version">')
    assert '<span class="filename">Console output</span>' in html


def test_the_site_has_renderings() -> None:
    assert len(RENDERINGS) > 10


@pytest.mark.parametrize("rendering", RENDERINGS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_rendering_shows_exactly_the_recorded_text(rendering: Path) -> None:
    recorded = rendering.with_suffix(".out").read_text(encoding="utf-8")
    assert _text(rendering.read_text(encoding="utf-8")) == recorded
