"""Turns a pseudo-terminal stream into what a reader would see on their screen: text and colour."""

from __future__ import annotations

import functools

import pyte
from wcwidth import wcwidth

from recorder.results.screen import Screen, Span, Style

COLUMNS = 160
ROWS = 50
# The line the reader's cursor leaves when they press Enter: the prompt and the command.
# Output that first moves the cursor up and down again (BuildKit, Compose) starts below it,
# as on a real terminal, instead of leaving a blank first line on an emulated screen.
COMMAND_LINE = "$\r\n"


def render(raw: str, columns: int = COLUMNS) -> str:
    """The text a reader sees once the stream has played: progress bars collapse to their final lines."""
    return emulate(raw, columns).text


def emulate(raw: str, columns: int = COLUMNS) -> Screen:
    """Replay the stream below the command line on an emulated screen, keeping colours.

    The screen is as wide as the session's pty and tall enough that nothing scrolls away.
    Only the rows and cells the stream wrote are read: the rest are blank, and a blank cell at
    the end of a line is dropped anyway (a build's screen is thousands of rows of 160 cells).
    """
    height = max(ROWS, raw.count("\n") + raw.count("\r") + 3)
    screen = pyte.Screen(columns, height)
    pyte.Stream(screen).feed(COMMAND_LINE + raw)
    written = screen.buffer  # a defaultdict: rows never written are not in it
    last_row = min(height - 1, max(written, default=0))
    lines = [_spans(written[y], columns) if y in written else () for y in range(1, last_row + 1)]
    while lines and not lines[-1]:
        lines.pop()
    return Screen(tuple(lines))


def _spans(row: dict[int, pyte.screens.Char], columns: int) -> tuple[Span, ...]:
    """One screen row as runs of equally styled text, without trailing blanks (as `.out` keeps it)."""
    cells: list[tuple[str, Style]] = []
    wide = False
    last_cell = min(columns - 1, max(row, default=-1))  # cells after the last one written are blank
    for x in range(last_cell + 1):
        if wide:  # the second cell of a wide character holds nothing of its own
            wide = False
            continue
        char = row[x]
        wide = bool(char.data) and wcwidth(char.data[0]) == 2
        cells.append((char.data, _style(char)))
    while cells and cells[-1][0] in (" ", ""):
        cells.pop()
    spans: list[Span] = []
    for data, style in cells:
        if spans and spans[-1].style == style:
            spans[-1] = Span(spans[-1].text + data, style)
        else:
            spans.append(Span(data, style))
    return tuple(spans)


@functools.cache
def _cached_style(
    fg: str, bg: str, bold: bool, italics: bool, underscore: bool, strikethrough: bool, reverse: bool
) -> Style:
    return Style(fg, bg, bold, italics, underscore, strikethrough, reverse)


def _style(char: pyte.screens.Char) -> Style:
    """The cell's style; a screen has few distinct ones, each made once."""
    return _cached_style(char.fg, char.bg, char.bold, char.italics, char.underscore, char.strikethrough, char.reverse)
