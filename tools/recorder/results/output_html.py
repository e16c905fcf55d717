"""The site's rendering of a recorded output: a code block, in colour where the terminal had it.

The recorder writes it beside the `.out` file, and the page includes it with
`pymdownx.snippets`, so no code runs when the site is built (MkDocs or its successor).
It has the markup Material gives a fenced block titled "Console output", so it looks and
behaves like one (no copy button: readers copy commands, not outputs).
"""

from __future__ import annotations

from html import escape

from recorder.results.screen import Screen, Style

TITLE = "Console output"
# pyte names ANSI colour 3 "brown"; terminals and stylesheets call it yellow.
_COLOUR_NAMES = {"brown": "yellow", "brightbrown": "brightyellow"}


def output_html(screen: Screen, snippet_id: str) -> str:
    """One raw HTML block (no blank line before its end matters: it sits in <pre>)."""
    body = "".join("".join(_span(span.text, span.style) for span in line) + "\n" for line in screen.lines)
    return (
        f'<div class="language-text output no-copy highlight" data-snippet="{escape(snippet_id)}">'
        f'<span class="filename">{TITLE}</span><pre><span></span><code>{body}</code></pre></div>\n'
    )


def _span(text: str, style: Style) -> str:
    classes, css = _classes(style)
    if not classes and not css:
        return escape(text, quote=False)
    attributes = f' class="{" ".join(classes)}"' if classes else ""
    if css:
        attributes += f' style="{";".join(css)}"'
    return f"<span{attributes}>{escape(text, quote=False)}</span>"


def _classes(style: Style) -> tuple[list[str], list[str]]:
    """CSS classes for the 16 named colours and attributes; 256-colour and RGB as inline colours.

    Reverse video swaps the colours; a swapped default becomes the code block's own colour
    (`ansi-fg-background`: text in the background colour, `ansi-bg-foreground` the reverse).
    """
    fg, bg = style.fg, style.bg
    if style.reverse:
        fg, bg = (bg if bg != "default" else "background"), (fg if fg != "default" else "foreground")
    classes: list[str] = []
    css: list[str] = []
    for layer, colour, prop in (("fg", fg, "color"), ("bg", bg, "background-color")):
        if colour == "default":
            continue
        if _is_rgb(colour):
            css.append(f"{prop}:#{colour}")
        else:
            classes.append(f"ansi-{layer}-{_COLOUR_NAMES.get(colour, colour)}")
    for flag, name in (
        (style.bold, "bold"),
        (style.italics, "italic"),
        (style.underscore, "underline"),
        (style.strikethrough, "strike"),
    ):
        if flag:
            classes.append(f"ansi-{name}")
    return classes, css


def _is_rgb(colour: str) -> bool:
    return len(colour) == 6 and all(c in "0123456789abcdefABCDEF" for c in colour)
