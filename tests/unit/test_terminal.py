"""The pty stream becomes the screen a reader sees: progress collapses, escapes vanish."""

from __future__ import annotations

import random

import pyte
import pytest
from wcwidth import wcwidth

from recorder.results.screen import PLAIN, Screen, Span, Style
from recorder.run.terminal import COLUMNS, COMMAND_LINE, ROWS, emulate, render


def test_pull_progress_collapses_to_final_lines() -> None:
    raw = (
        "latest: Pulling from library/debian\r\n\r\n"
        "\x1b[1A\x1b[2K\ra5b1c06cd8c2: Pulling fs layer \r\x1b[1B"
        "\x1b[1A\x1b[2K\ra5b1c06cd8c2: Downloading [=>     ]  531.5kB/98.53MB\r\x1b[1B"
        "\x1b[1A\x1b[2K\ra5b1c06cd8c2: Pull complete \r\x1b[1B"
        "Digest: sha256:abc\r\n"
    )
    assert render(raw) == "latest: Pulling from library/debian\na5b1c06cd8c2: Pull complete\nDigest: sha256:abc\n"


def test_carriage_return_overwrites_and_colours_vanish() -> None:
    assert render("10%\r50%\r100%\r\n\x1b[32mdone\x1b[0m\r\n") == "100%\ndone\n"


def test_long_output_does_not_scroll_away() -> None:
    raw = "".join(f"line {n}\r\n" for n in range(500))
    lines = render(raw).splitlines()
    assert lines[0] == "line 0" and lines[-1] == "line 499" and len(lines) == 500


def test_wide_lines_do_not_wrap_at_160_columns() -> None:
    assert render("x" * 150 + "\r\n") == "x" * 150 + "\n"


def test_empty_output_is_empty() -> None:
    assert render("") == ""
    assert render("\r\n\r\n") == ""


def test_output_that_steps_up_and_down_first_starts_on_its_own_line() -> None:
    """BuildKit and Compose begin by moving the cursor up and down: no blank first line."""
    assert render("\x1b[1A\x1b[1B\x1b[0G[+] Building 0.1s (1/1) FINISHED\r\n") == "[+] Building 0.1s (1/1) FINISHED\n"


def test_a_blank_line_the_terminal_really_shows_is_kept() -> None:
    assert render("\r\nafter a blank line\r\n") == "\nafter a blank line\n"


def test_colours_and_bold_are_kept_as_styles_of_the_text() -> None:
    screen = emulate("\x1b[31mred\x1b[0m and \x1b[1;34mbold blue\x1b[0m\r\n")
    assert screen.text == "red and bold blue\n"
    (line,) = screen.lines
    assert [(span.text, span.style) for span in line] == [
        ("red", Style(fg="red")),
        (" and ", PLAIN),
        ("bold blue", Style(fg="blue", bold=True)),
    ]
    assert screen.coloured and not emulate("plain\r\n").coloured


def test_wide_characters_take_two_cells_but_appear_once() -> None:
    assert render("\x1b[32m✔\x1b[0m Container web-1  Started\r\n") == "✔ Container web-1  Started\n"


# Pieces of what real commands print: text (wide characters too), line ends, colours and
# attributes, cursor moves and erases, as BuildKit, Compose and pip use them.
PIECES = [
    "step", " done", "漢字", "é", "   ", "\t", "x" * 170, "\r", "\n", "\r\n",
    "\x1b[1A", "\x1b[2A", "\x1b[1B", "\x1b[3C", "\x1b[2D", "\x1b[2K", "\x1b[K", "\x1b[0J",
    "\x1b[31m", "\x1b[1;32m", "\x1b[0m", "\x1b[7m", "\x1b[4m", "\x1b[38;5;200m", "\x1b[48;2;1;2;3m", "\x1b[m",
]  # fmt: skip


def _every_cell(raw: str, columns: int = COLUMNS) -> Screen:
    """The screen read cell by cell, every row and every column: slow, and plainly right."""
    height = max(ROWS, raw.count("\n") + raw.count("\r") + 3)
    screen = pyte.Screen(columns, height)
    pyte.Stream(screen).feed(COMMAND_LINE + raw)
    lines = []
    for y in range(1, height):
        cells, wide = [], False
        for x in range(columns):
            if wide:
                wide = False
                continue
            char = screen.buffer[y][x]
            wide = bool(char.data) and wcwidth(char.data[0]) == 2
            style = Style(char.fg, char.bg, char.bold, char.italics, char.underscore, char.strikethrough, char.reverse)
            cells.append((char.data, style))
        while cells and cells[-1][0] in (" ", ""):
            cells.pop()
        spans: list[Span] = []
        for data, style in cells:
            if spans and spans[-1].style == style:
                spans[-1] = Span(spans[-1].text + data, style)
            else:
                spans.append(Span(data, style))
        lines.append(tuple(spans))
    while lines and not lines[-1]:
        lines.pop()
    return Screen(tuple(lines))


@pytest.mark.parametrize("seed", range(100))
def test_reading_only_the_written_cells_gives_the_screen_every_cell_gives(seed: int) -> None:
    rng = random.Random(seed)
    raw = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 120)))
    assert emulate(raw) == _every_cell(raw)
