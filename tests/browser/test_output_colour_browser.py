"""A coloured output shows in colour on the built site, in both palettes; check still compares text.

The output is a real recording: `ls --color=auto` in a container with a terminal, on
"Writing a page". Its colours come from the recorder's NAME.html; its NAME.out is plain text.
"""

from __future__ import annotations

from helpers.browser_support import open_page
from helpers.site_server import ROOT
from recorder.compare.drift import PageComparison

SNIPPET = "writing-a-page/16-colour"
BLOCK = f"div.output[data-snippet='{SNIPPET}']"
# The colour of each kind of span and of the block's own text and background, as the browser computes them.
COLOURS = """block => {
  const code = block.querySelector('code');
  const span = cls => getComputedStyle(block.querySelector('span.' + cls)).color;
  let painted = code;
  while (painted && ['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(painted).backgroundColor)) {
    painted = painted.parentElement;
  }
  return {
    text: getComputedStyle(code).color,
    background: painted ? getComputedStyle(painted).backgroundColor : 'rgb(255, 255, 255)',
    blue: span('ansi-fg-blue'),
    cyan: span('ansi-fg-cyan'),
    bold: getComputedStyle(block.querySelector('span.ansi-bold')).fontWeight,
  };
}"""


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])


def _contrast(one: str, two: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(css: str) -> float:
        channels = [c / 255 for c in _rgb(css)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_a_coloured_output_shows_its_colours_in_both_palettes(context, site_url: str) -> None:
    _, problems = context
    page = open_page(context, site_url, "writing-a-page/")
    block = page.locator(BLOCK)
    assert block.count() == 1
    toggle = page.locator("form[data-md-component='palette'] label.md-header__button:visible")
    seen = {}
    for scheme in ("default", "slate"):
        if page.evaluate("document.body.dataset.mdColorScheme") != scheme:
            toggle.click()
            page.wait_for_function(f"document.body.dataset.mdColorScheme === '{scheme}'")
        colours = block.evaluate(COLOURS)
        seen[scheme] = colours
        for name in ("blue", "cyan"):
            assert colours[name] != colours["text"], f"{scheme}: {name} shows in the text's own colour"
            assert _contrast(colours[name], colours["background"]) >= 4.5, f"{scheme}: {name} is hard to read"
        assert colours["blue"] != colours["cyan"]
        assert int(colours["bold"]) >= 700
    assert seen["default"]["background"] != seen["slate"]["background"], "the palette did not change the block"
    assert not problems.report(), problems.report()


def test_the_coloured_output_is_compared_as_text() -> None:
    out = (ROOT / "snippets" / f"{SNIPPET}.out").read_text()
    html = (ROOT / "snippets" / f"{SNIPPET}.html").read_text()
    assert "\x1b" not in out and "ansi-fg-blue" in html
    comparison = PageComparison("writing-a-page")
    assert comparison.compare("16-colour", out, out) is None
    assert comparison.compare("16-colour", out, out.replace("boot", "bott")) is not None
