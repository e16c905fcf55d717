"""Stopping a run on SIGINT, SIGTERM or SIGHUP: a handler only notes the request; the run reacts.

Nothing raises inside library code on a signal. The C-level handler writes the signal's number
to a pipe (`signal.set_wakeup_fd`), a relay thread turns it into a `StopRequest`, and the code
that waits (the page loop, a session's expect loop, provisioning's child processes) looks at
the request at defined points. The work itself runs in a worker thread, so the main thread is
always free to clean up within a deadline and leave, whatever the work is blocked in.

A signal that was ignored when the recorder started stays ignored: a shell without job control
starts `cmd &` with SIGINT ignored, and `nohup` ignores SIGHUP, on purpose (POSIX). SIGTERM
always stops a run.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

from recorder.errors import Interrupted

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# Signals a parent may have ignored on purpose (a background job, nohup); SIGTERM is never skipped.
IGNORABLE = (signal.SIGINT, signal.SIGHUP)
TERMINATE_GRACE = 2.0
PR_SET_PDEATHSIG = 1
_PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


class StopRequest:
    """Set once a stop signal arrives; waits and writes consult it instead of being interrupted."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._condition = threading.Condition()
        self._writing = 0
        self._children: set[subprocess.Popen[Any]] = set()
        self.signum: int | None = None
        # Set once the work has unwound (its `finally` blocks ran: temporary folders, sessions).
        self.unwound = threading.Event()

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def request(self, signum: int) -> None:
        """Note the stop (the first signal counts) and end the processes the run started."""
        with self._condition:
            if self.signum is None:
                self.signum = signum
            self._event.set()
            children = list(self._children)
        for child in children:
            _terminate(child)

    def raise_if_requested(self) -> None:
        if self._event.is_set():
            raise Interrupted(self.signum or signal.SIGTERM)

    def sleep(self, seconds: float) -> None:
        """Sleep, but raise Interrupted as soon as a stop is requested."""
        if self._event.wait(seconds):
            self.raise_if_requested()

    @contextlib.contextmanager
    def uninterruptible(self) -> Iterator[None]:
        """A step that must not be cut in half (writing a page's outputs): refused once a stop is
        requested, and waited for by the shutdown once it has begun."""
        with self._condition:
            self.raise_if_requested()
            self._writing += 1
        try:
            yield
        finally:
            with self._condition:
                self._writing -= 1
                self._condition.notify_all()

    def wait_for_writes(self, deadline: float) -> bool:
        """Wait until no uninterruptible step is running, or the deadline; True if none runs."""
        with self._condition:
            return self._condition.wait_for(lambda: self._writing == 0, max(0.0, deadline - time.monotonic()))

    def popen(self, args: list[str], **kwargs: Any) -> subprocess.Popen[Any]:
        """Start a child that ends with the run: terminated on a stop, killed by the kernel if we die.

        The child gets its own process group, so a terminal's Ctrl-C reaches only the recorder,
        which then ends the child (and the child's children) in order.
        """
        with self._condition:
            self.raise_if_requested()
            child = subprocess.Popen(args, start_new_session=True, preexec_fn=die_with_parent, **kwargs)
            self._children.add(child)
        return child

    def forget(self, child: subprocess.Popen[Any]) -> None:
        with self._condition:
            self._children.discard(child)

    def run(self, args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[Any]:
        """Like subprocess.run (output captured), but the child ends with the run."""
        child = self.popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
        try:
            stdout, stderr = child.communicate()
        finally:
            self.forget(child)
        self.raise_if_requested()
        return subprocess.CompletedProcess(args, child.returncode, stdout, stderr)


def die_with_parent() -> None:
    """In a child before exec: the kernel sends SIGTERM when the recorder dies, even by SIGKILL.

    (Linux's PR_SET_PDEATHSIG; resolved before the fork, so the child only makes the call.)
    """
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)


def _terminate(child: subprocess.Popen[Any]) -> None:
    """SIGTERM to the child's whole group (mmdebstrap unmounts what it mounted), SIGKILL if it lingers."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGTERM)

    def kill_later() -> None:
        try:
            child.wait(TERMINATE_GRACE)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signal.SIGKILL)

    threading.Thread(target=kill_later, daemon=True, name="end-child").start()


def listen(stop: StopRequest) -> list[int]:
    """Route stop signals to `stop`; returns the signals handled (ignored-from-birth ones stay ignored)."""
    handled: list[int] = [s for s in STOP_SIGNALS if s not in IGNORABLE or signal.getsignal(s) != signal.SIG_IGN]
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    # The pipe first: a signal that arrives as soon as its handler is in place is carried already.
    signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    for signum in handled:
        signal.signal(signum, _noted_by_wakeup_fd)
    threading.Thread(target=_relay, args=(read_fd, stop), daemon=True, name="stop-signals").start()
    return handled


def _noted_by_wakeup_fd(signum: int, frame: object) -> None:
    """The wakeup fd has carried the signal to the relay; nothing to do in the main thread."""


def _relay(read_fd: int, stop: StopRequest) -> None:
    while data := os.read(read_fd, 64):
        for signum in data:
            if signum in STOP_SIGNALS:
                stop.request(signum)


def run_until_stopped(work: Callable[[], int], stop: StopRequest) -> int | None:
    """Run work in a worker thread; its status, or None as soon as a stop is requested."""
    result: list[int] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(work())
        except BaseException as error:  # handed to the main thread, which reports it
            errors.append(error)
        finally:
            stop.unwound.set()
            done.set()

    if stop.requested:  # a signal while the command line was still being imported or parsed
        stop.unwound.set()  # no work began, so none has to unwind
        return None
    done = threading.Event()
    worker = threading.Thread(target=target, daemon=True, name="recorder-work")
    worker.start()
    while not done.wait(0.1):
        if stop.requested:
            return None
    if stop.requested:
        return None  # whatever the work ended with, it ended because of the stop
    if errors:
        raise errors[0]
    return result[0]


def exit_by_signal(signum: int) -> NoReturn:
    """End the process the way the signal would have, so a calling shell or script sees it (130, 143...)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    signal.set_wakeup_fd(-1)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    time.sleep(1)
    os._exit(128 + signum)
