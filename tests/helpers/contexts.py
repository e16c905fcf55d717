"""Docker contexts of a test's own, in a private DOCKER_CONFIG, as `docker context use` makes them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from recorder.engine import endpoint


def docker_context(config: Path, name: str, host: str) -> dict[str, str]:
    """An environment whose current Docker context (in a private DOCKER_CONFIG) points at host."""
    env = {k: v for k, v in os.environ.items() if k not in endpoint.CLI_VARIABLES}
    env["DOCKER_CONFIG"] = str(config)
    subprocess.run(
        ["docker", "context", "create", name, "--docker", f"host={host}"], env=env, check=True, capture_output=True
    )
    subprocess.run(["docker", "context", "use", name], env=env, check=True, capture_output=True)
    return env
