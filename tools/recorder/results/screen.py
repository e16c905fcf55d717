"""What a reader's screen showed once a command ended: lines of styled text.

The model only; `run.terminal` makes it from a pty stream with pyte, and the site's
rendering (`output_html`) and the comparison read it without importing pyte.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    """What a run of characters looks like besides its text; the default is plain."""

    fg: str = "default"
    bg: str = "default"
    bold: bool = False
    italics: bool = False
    underscore: bool = False
    strikethrough: bool = False
    reverse: bool = False

    @property
    def plain(self) -> bool:
        return self == PLAIN


PLAIN = Style()


@dataclass(frozen=True)
class Span:
    text: str
    style: Style


@dataclass(frozen=True)
class Screen:
    """The final screen: lines of styled spans, trailing blank cells and lines dropped."""

    lines: tuple[tuple[Span, ...], ...]

    @classmethod
    def of_text(cls, text: str) -> Screen:
        """A screen showing text with no colour (for outputs that come from elsewhere, and tests)."""
        return cls(tuple((Span(line, PLAIN),) if line else () for line in text.splitlines()))

    @property
    def text(self) -> str:
        """What check compares and what `.out` files hold: the screen without its colours."""
        lines = ["".join(span.text for span in line) for line in self.lines]
        return "\n".join(lines) + ("\n" if lines else "")

    @property
    def coloured(self) -> bool:
        return any(not span.style.plain for line in self.lines for span in line)
