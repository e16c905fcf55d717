"""One command as typed, and how it reports: every line through `say`, never read as markup."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from recorder.stopping import StopRequest

if TYPE_CHECKING:  # the engine's modules are imported only by the commands that use the engine
    from recorder.cli.progress import ConsoleObserver
    from recorder.engine.run_scope import RunScope


@dataclass
class Invocation:
    """One command: its options, where it reports, its stop request, its run on the engine (if it
    has one), and the pages it wrote."""

    args: argparse.Namespace
    console: Console
    stop: StopRequest
    scope: RunScope | None = None
    written: list[str] = field(default_factory=list)
    observer: ConsoleObserver | None = None


def say(console: Console, tag: str, style: str, message: str) -> None:
    """One report line: our tag in colour, then the message exactly as given (never read as markup)."""
    console.print(Text.assemble((tag, style), " ", message), soft_wrap=True)


def say_unexpected(invocation: Invocation, tag: str, error: BaseException, trace: str) -> None:
    """An error the recorder has no words for: its type and message, the traceback with --verbose."""
    hint = "" if invocation.args.verbose else " (--verbose shows the traceback)"
    say(invocation.console, tag, "red", f"{type(error).__name__}: {error}{hint}")
    if invocation.args.verbose:
        invocation.console.print(Text(trace.rstrip()), soft_wrap=True)
