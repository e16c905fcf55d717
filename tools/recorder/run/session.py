"""A reader's shell inside the sandbox: a real pty, a fixed prompt, one command at a time."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pexpect

from recorder.kinds import CommandResult
from recorder.run.terminal import COLUMNS, ROWS, render
from recorder.site.options import SnippetOptions
from recorder.stopping import StopRequest, die_with_parent

# How often a waiting session looks at the stop request (and reports progress).
POLL_SECONDS = 0.2
PROGRESS_SECONDS = 1.0

# Invisible markers: PS0 is printed when a command starts, PS1 when the shell is back,
# carrying the exit status, so output and status need no extra command. The start marker
# is matched literally; the prompt's fixed parts are escaped around the status digits.
# The fixed prompt stands for the reader's own, so a virtual environment's activation script
# is asked not to put its name in front of it (it would end up in the recorded output).
START = "\x1b]777;start\x07"
PROMPT = re.compile(re.escape("\x1b]777;rc=") + r"(\d+)" + re.escape("\x07"))
SETUP = (
    "bind 'set enable-bracketed-paste off'; stty -ixon; "
    "PS0='\\e]777;start\\a'; PS1='\\[\\e]777;rc=$?\\a\\]$ '; PS2=''; "
    "export VIRTUAL_ENV_DISABLE_PROMPT=1; HISTFILE=/dev/null"
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


class ShellSession:
    """Bash in the sandbox through `docker exec -it`, exactly as a reader would type."""

    def __init__(self, container: str, environment: dict[str, str], stop: StopRequest, workdir: str) -> None:
        self._stop = stop
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
                workdir,
                container,
                "bash",
                "--norc",
                "--noprofile",
            ],
            env=environment,
            dimensions=(ROWS, COLUMNS),
            encoding="utf-8",
            codec_errors="replace",
            timeout=30,
            preexec_fn=die_with_parent,
        )
        self._child.delaybeforesend = None
        try:
            self._child.send(SETUP + "\r")
            self._wait(PROMPT, time.monotonic() + 30, "", None)
        except BaseException:
            self.close()
            raise

    def run(
        self, command: str, options: SnippetOptions, on_output: Callable[[str], None] | None = None
    ) -> CommandResult:
        """Type the command, feed its input lines, interrupt it if asked, and collect the stream.

        `on_output` sees the stream so far about once a second, so long builds show progress.
        """
        child = self._child
        deadline = time.monotonic() + options.timeout
        child.send(command + "\r")
        self._wait(START, deadline, "", on_output)
        raw = ""
        for line in options.input:
            self._wait(re.compile(options.input_prompt), deadline, raw, on_output)
            raw += child.before + child.after
            child.send(line + "\r")
            # The next prompt counts only once the typed line has ended: a line editor (Python
            # 3.13's REPL) redraws its prompt with the typed text before it runs the line.
            self._wait("\n", deadline, raw, on_output)
            raw += child.before + child.after
        try:
            ended = self._wait(PROMPT, deadline, raw, on_output, until=_interrupt_moment(options))
        except SnippetTimeout as failure:
            if options.interrupt_when is None:
                raise
            message = f"time limit reached and no line on the screen matched interrupt_when {options.interrupt_when!r}"
            raise SnippetTimeout(message, failure.raw) from None
        if not ended:
            child.sendintr()
            self._wait(PROMPT, deadline, raw, on_output)
        return CommandResult(raw + child.before, int(child.match.group(1)))

    def _wait(
        self,
        pattern: str | re.Pattern[str],
        deadline: float,
        raw: str,
        on_output: Callable[[str], None] | None,
        until: Callable[[str], bool] | None = None,
    ) -> bool:
        """Wait for pattern until the deadline (a failure) or until `until` holds for the stream seen (False).

        A string is matched literally (the markers), a compiled pattern as a regular expression.
        A stop request ends the wait at once (Interrupted): the running command is not waited for.
        """
        child = self._child
        expect = child.expect_exact if isinstance(pattern, str) else child.expect
        reported = time.monotonic()
        while True:
            try:
                expect(pattern, timeout=max(0.0, min(POLL_SECONDS, deadline - time.monotonic())))
                return True
            except pexpect.TIMEOUT:
                self._stop.raise_if_requested()
                # Nothing is consumed on a timeout: `before` is everything not yet matched.
                seen = raw + (child.before or "")
                if on_output and time.monotonic() - reported >= PROGRESS_SECONDS:
                    reported = time.monotonic()
                    on_output(seen)
                if until is not None and until(seen):
                    return False
                if time.monotonic() >= deadline:
                    raise SnippetTimeout("time limit reached", seen) from None
            except pexpect.EOF:
                raise SessionLost("the shell in the sandbox ended", raw + (child.before or "")) from None

    def close(self) -> None:
        self._child.close(force=True)


def _interrupt_moment(options: SnippetOptions) -> Callable[[str], bool] | None:
    """When to press Ctrl-C, given the stream the command printed so far; None: never.

    `interrupt_when` is searched in the screen a reader would see (no colour codes, one line
    per row), so a pattern is written against the `.out` file, not the raw stream.
    """
    if options.interrupt_after is not None:
        interrupt_at = time.monotonic() + options.interrupt_after
        return lambda _seen: time.monotonic() >= interrupt_at
    if options.interrupt_when is not None:
        shown = re.compile(options.interrupt_when, re.MULTILINE)
        looked_at = [-1]  # the length of the stream last rendered: an unchanged stream is not rendered again

        def line_shown(seen: str) -> bool:
            if len(seen) == looked_at[0]:
                return False
            looked_at[0] = len(seen)
            return shown.search(render(seen)) is not None

        return line_shown
    return None
