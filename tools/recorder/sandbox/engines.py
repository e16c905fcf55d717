"""The Docker engines a page can run on, each Debian's own `docker.io` of one suite.

`current` is the newest Docker that Debian ships (testing), the one readers are closest to;
`stable` is Debian stable's, kept so that `check --engine stable` can show every command
still works on it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SandboxEngine:
    """A named engine: the Debian suite whose packages the sandbox image is built from."""

    name: str
    suite: str
    summary: str


ENGINES: dict[str, SandboxEngine] = {
    engine.name: engine
    for engine in (
        SandboxEngine("current", "forky", "the newest Docker Debian ships (testing, forky)"),
        SandboxEngine("stable", "trixie", "Debian stable's Docker (trixie)"),
    )
}
DEFAULT_ENGINE = "current"
