"""Turns a pseudo-terminal stream into the text a reader would see on their screen."""

from __future__ import annotations

import pyte

COLUMNS = 160
ROWS = 50


def render(raw: str, columns: int = COLUMNS) -> str:
    """Replay the stream on an emulated screen so progress bars collapse to their final lines.

    The screen is as wide as the session's pty and tall enough that nothing scrolls away.
    """
    height = max(ROWS, raw.count("\n") + raw.count("\r") + 2)
    screen = pyte.Screen(columns, height)
    pyte.Stream(screen).feed(raw)
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + ("\n" if lines else "")
