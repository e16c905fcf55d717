"""Registries: the recorder's built-in parts plus those other installed packages register.

A package adds a part with one line in its own `pyproject.toml`, the way markdown-exec takes
formatters and pytest takes plugins:

    [project.entry-points."recorder.mask_rules"]
    build-cache-lines = "mysite_masks:CACHE_LINES"

The entry point names an object (not a factory); the registry checks it is what the group
holds and that its name is new, and otherwise stops the run with one line naming the entry
point and the package it came from. Entry points are read once, when the first part is asked
for, so a run that never masks never imports a plugin.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib.metadata import EntryPoint, entry_points
from typing import Generic, Protocol, TypeVar

from recorder.errors import RecorderError


class Named(Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


class PluginError(RecorderError):
    """A registered part that cannot be used: bad input from an installed package, exit status 2."""

    exit_status = 2


class Registry(Generic[T]):
    """The parts of one kind: built-ins first, then registered ones in the order of their names.

    `problem` says what is wrong with an object that claims to be such a part (None if nothing).
    """

    def __init__(self, group: str, what: str, built_in: Sequence[T], problem: Callable[[object], str | None]) -> None:
        self.group = group
        self.what = what
        self._built_in = tuple(built_in)
        self._problem = problem
        self._all: tuple[T, ...] | None = None

    @property
    def built_in(self) -> tuple[T, ...]:
        return self._built_in

    def all(self) -> tuple[T, ...]:
        if self._all is None:
            self._all = self._with_registered()
        return self._all

    def names(self) -> tuple[str, ...]:
        return tuple(part.name for part in self.all())

    def get(self, name: str) -> T:
        """The part of that name; callers check names against `names()` where input names them."""
        return next(part for part in self.all() if part.name == name)

    def _with_registered(self) -> tuple[T, ...]:
        parts = list(self._built_in)
        taken = {part.name: "the recorder" for part in parts}
        for point in sorted(entry_points(group=self.group), key=lambda point: point.name):
            part = self._load(point)
            if part.name in taken:
                raise PluginError(
                    f"{_where(point)}: a {self.what} named '{part.name}' comes from {taken[part.name]} already"
                )
            taken[part.name] = _where(point)
            parts.append(part)
        return tuple(parts)

    def _load(self, point: EntryPoint) -> T:
        try:
            loaded = point.load()
        except Exception as error:  # a plugin's import can fail in any way; say which one did
            raise PluginError(f"{_where(point)}: cannot be loaded: {type(error).__name__}: {error}") from None
        problem = self._problem(loaded)
        if problem:
            raise PluginError(f"{_where(point)}: not a {self.what}: {problem}")
        return loaded  # type: ignore[no-any-return]


def _where(point: EntryPoint) -> str:
    package = f" of {point.dist.name}" if point.dist is not None else ""
    return f"entry point '{point.name} = {point.value}' ({point.group}{package})"
