"""Errors the recorder reports as one clear line, each with the exit status it maps to."""

from __future__ import annotations

import signal
from pathlib import Path


class RecorderError(Exception):
    """A failure that ends a run with a one-line message and exit status 1."""

    exit_status = 1


class InputError(RecorderError):
    """Bad input (pages, snippets, options): names the file and line, exit status 2."""

    exit_status = 2

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path = Path(path)
        self.line = line
        super().__init__(f"{display_path(self.path)}:{line}: {message}")


class SnippetError(RecorderError):
    """A snippet that did not behave as its options say: names page and snippet."""

    def __init__(self, page: str, snippet: str, message: str, tail: str = "") -> None:
        self.page = page
        self.snippet = snippet
        text = f"{page}/{snippet}: {message}"
        if tail:
            text += "\n" + tail
        super().__init__(text)


class EngineError(RecorderError):
    """The Docker engine could not be reached or refused an operation."""


class Interrupted(RecorderError):
    """A stop signal arrived: raised where the work looks at the stop request, to unwind it."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_status = 128 + signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}")


def display_path(path: Path) -> str:
    """A path relative to the working directory where possible, so messages stay short."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
