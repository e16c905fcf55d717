"""A reader's shell inside the sandbox: a real pty, a fixed prompt, one command at a time."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pexpect

from recorder.options import SnippetOptions
from recorder.terminal import COLUMNS, ROWS

# Invisible markers: PS0 is printed when a command starts, PS1 when the shell is back,
# carrying the exit status, so output and status need no extra command.
START = "\x1b]777;start\x07"
PROMPT = re.compile(r"\x1b\]777;rc=(\d+)\x07")
SETUP = (
    "bind 'set enable-bracketed-paste off'; stty -ixon; "
    "PS0='\\e]777;start\\a'; PS1='\\[\\e]777;rc=$?\\a\\]$ '; PS2=''; "
    "HISTFILE=/dev/null; cd /tutorial"
)


class SessionFailure(Exception):
    """The shell stopped answering; carries what the screen showed until then."""

    def __init__(self, message: str, raw: str) -> None:
        super().__init__(message)
        self.raw = raw


class SnippetTimeout(SessionFailure):
    """The command was still running at its time limit."""


class SessionLost(SessionFailure):
    """The shell went away (sandbox gone, engine unreachable)."""


@dataclass(frozen=True)
class CommandResult:
    raw: str
    status: int


class ShellSession:
    """Bash in the sandbox through `docker exec -it`, exactly as a reader would type."""

    def __init__(self, container: str) -> None:
        self._child = pexpect.spawn(
            "docker",
            [
                "exec",
                "-it",
                "-e",
                "TERM=xterm",
                "-e",
                "LANG=C.UTF-8",
                "-w",
                "/tutorial",
                container,
                "bash",
                "--norc",
                "--noprofile",
            ],
            dimensions=(ROWS, COLUMNS),
            encoding="utf-8",
            codec_errors="replace",
            timeout=30,
        )
        self._child.delaybeforesend = None
        self._child.send(SETUP + "\r")
        self._expect(PROMPT, time.monotonic() + 30, "")

    def run(self, command: str, options: SnippetOptions) -> CommandResult:
        """Type the command, feed its input lines, interrupt it if asked, and collect the stream."""
        child = self._child
        deadline = time.monotonic() + options.timeout
        child.send(command + "\r")
        self._expect(START, deadline, "")
        raw = ""
        for line in options.input:
            self._expect(options.input_prompt, deadline, raw)
            raw += child.before + child.after
            child.send(line + "\r")
        if options.interrupt_after is not None:
            stop_at = min(deadline, time.monotonic() + options.interrupt_after)
            index = child.expect([PROMPT, pexpect.TIMEOUT], timeout=max(0.0, stop_at - time.monotonic()))
            if index == 0:
                return CommandResult(raw + child.before, int(child.match.group(1)))
            raw += child.before
            child.sendintr()
        self._expect(PROMPT, deadline, raw)
        return CommandResult(raw + child.before, int(child.match.group(1)))

    def _expect(self, pattern: str | re.Pattern[str], deadline: float, raw: str) -> None:
        try:
            self._child.expect(pattern, timeout=max(0.0, deadline - time.monotonic()))
        except pexpect.TIMEOUT:
            raise SnippetTimeout("time limit reached", raw + (self._child.before or "")) from None
        except pexpect.EOF:
            raise SessionLost("the shell in the sandbox ended", raw + (self._child.before or "")) from None

    def close(self) -> None:
        self._child.close(force=True)
