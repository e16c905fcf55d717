"""A whole run on the engine, from its lease to its removal: what provision, record, check and bench share."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recorder.engine import endpoint
from recorder.engine.run_scope import RunScope
from recorder.provision.images import Provisioned, provision
from recorder.provision.plan import Log
from recorder.provision.sources import AUTO
from recorder.sandbox.engines import DEFAULT_ENGINE
from recorder.site.config import SiteConfig

CLEANUP_SECONDS = 60.0


@dataclass(frozen=True)
class Wanted:
    """What a run provisions: the sandbox's and registry's definitions, the site's stand-ins, the
    sandbox's engine, where pulled images come from.

    `recordings` (page -> recording.yml's `images`) lets the "recorded" source use, for each
    image, the source the pages were recorded with.
    """

    images_dir: Path
    standins_dir: Path | None
    engine: str = DEFAULT_ENGINE
    image_source: str = AUTO
    recordings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, site: SiteConfig, **choices: Any) -> Wanted:
        """What the site's configuration names, with the engine and sources chosen (defaults otherwise)."""
        return cls(site.images, site.standins, **choices)


@contextmanager
def engine_run(scope: RunScope, pool_size: int, log: Log, wanted: Wanted, warn: Log = print) -> Iterator[Provisioned]:
    """Connect, provision (which clears dead runs and takes the lease before making anything of
    the run's); at the end remove everything the run made.

    What could not be removed (an engine that stopped answering) goes to `warn`, unless a stop
    was requested: then the shutdown reports it.
    """
    scope.connect(endpoint.resolve(), pool_size)
    try:
        yield provision(
            scope, log, wanted.images_dir, wanted.standins_dir, wanted.engine, wanted.image_source, wanted.recordings
        )
    finally:
        left = scope.close(time.monotonic() + CLEANUP_SECONDS)
        if left and not scope.stop.requested:
            warn(left)
