"""The Docker engines a page can run on: Debian's own `docker.io` of one suite, with one image store.

`current` is what a reader of today has: the newest Docker that Debian ships (testing) with
the containerd image store, the default of Docker Engine 29 and of new Docker Desktop
installs. `classic` is the same engine with the classic store (overlay2 graph driver), as an
engine upgraded from an older install keeps it; `stable` is Debian stable's, kept so that
`check --engine stable` can show every command still works on it. `check` on another engine
than the recording's compares exit statuses only.

The containerd store costs processor time that the classic store does not: it keeps every
layer a build makes compressed (gzip) in its content store, beside the unpacked snapshot,
where the classic store compresses only the layers it pushes. Measured with one page run on
each store in turn (best-practices, whose builds are the site's largest; tini's and bash's
shares the same on both): 76.4 CPU-seconds on `current` against 60.2 on `classic`, the inner
containerd 25.2 against 0.4 and dockerd 13.3 against 23.2 (a loaded two-core machine;
tools/recorder_dev/cpu_by_process.py). The only knob is per build
(`--output type=image,compression=...`), which would change the commands a reader sees, so
the cost stays: it is what a reader's own engine spends.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTAINERD_STORE = "containerd"
CLASSIC_STORE = "classic"


@dataclass(frozen=True)
class SandboxEngine:
    """A named engine: the Debian suite whose packages the sandbox image is built from, and
    the image store its inner dockerd is started with."""

    name: str
    suite: str
    store: str
    summary: str


ENGINES: dict[str, SandboxEngine] = {
    engine.name: engine
    for engine in (
        SandboxEngine("current", "forky", CONTAINERD_STORE, "the newest Docker Debian ships, containerd image store"),
        SandboxEngine("classic", "forky", CLASSIC_STORE, "the same Docker with the classic image store"),
        SandboxEngine("stable", "trixie", CLASSIC_STORE, "Debian stable's Docker (trixie), classic image store"),
    )
}
DEFAULT_ENGINE = "current"
