"""Snippet kinds: how a snippet is run, each one a start/run/close shape like byexample's runners.

A kind is started in the page's sandbox when the page's first snippet of that kind comes, runs
each of its snippets in page order, and is closed when the page ends. The built-in kind,
`shell`, is the reader's shell: bash through a real pty (run/session.py). A snippet names
another kind with the option `kind`; a package adds one with one module and one line:

    [project.entry-points."recorder.snippet_kinds"]
    plain = "mysite_kinds:PLAIN"

This module imports no terminal library: the page model checks `kind` against the registry
without loading pexpect, which only the shell's `start` brings in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from recorder.registry import Registry

if TYPE_CHECKING:
    from recorder.site.options import SnippetOptions
    from recorder.stopping import StopRequest

SHELL_KIND = "shell"


@dataclass(frozen=True)
class Sandboxed:
    """Where a kind runs: the page's sandbox container, the environment that reaches its engine
    (DOCKER_HOST and the like, for the docker CLI), the run's stop request, the working folder."""

    container: str
    environment: dict[str, str]
    stop: StopRequest
    workdir: str


@dataclass(frozen=True)
class CommandResult:
    """What one snippet printed, as the raw terminal stream, and the status it ended with."""

    raw: str
    status: int


class Runner(Protocol):
    """A started kind. `run` raises recorder.run.session.SessionFailure (or a subclass) when the
    snippet could not be run to its end, with what it printed until then."""

    def run(
        self, command: str, options: SnippetOptions, on_output: Callable[[str], None] | None = None
    ) -> CommandResult: ...

    def close(self) -> None: ...


class SnippetKind(Protocol):
    @property
    def name(self) -> str: ...

    def start(self, sandbox: Sandboxed) -> Runner: ...


@dataclass(frozen=True)
class ShellKind:
    """The reader's shell: every command typed into one bash session, as a reader would."""

    name: str = SHELL_KIND

    def start(self, sandbox: Sandboxed) -> Runner:
        from recorder.run.session import ShellSession  # noqa: PLC0415 - pexpect only where pages run

        return ShellSession(sandbox.container, sandbox.environment, sandbox.stop, sandbox.workdir)


def _problem(part: object) -> str | None:
    if not isinstance(getattr(part, "name", None), str) or not callable(getattr(part, "start", None)):
        return "a snippet kind has a `name` and a `start(sandbox)` method"
    return None


SNIPPET_KINDS: Registry[SnippetKind] = Registry("recorder.snippet_kinds", "snippet kind", [ShellKind()], _problem)
