"""A whole run on the engine, from its lease to its removal: what provision, record, check and bench share."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from recorder import endpoint
from recorder.provision import Log, Provisioned, ensure_base, provision
from recorder.run_scope import RunScope

CLEANUP_SECONDS = 60.0


@contextmanager
def engine_run(scope: RunScope, pool_size: int, log: Log, images_dir: Path, warn: Log = print) -> Iterator[Provisioned]:
    """Connect, clear dead runs, take the lease, provision; at the end remove everything the run made.

    What could not be removed (an engine that stopped answering) goes to `warn`, unless a stop
    was requested: then the shutdown reports it.
    """
    client = scope.connect(endpoint.resolve(), pool_size)
    try:
        scope.take_lease(ensure_base(client, log, scope.stop), log)
        yield provision(scope, log, images_dir)
    finally:
        left = scope.close(time.monotonic() + CLEANUP_SECONDS)
        if left and not scope.stop.requested:
            warn(left)
