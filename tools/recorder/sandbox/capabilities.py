"""The host configuration an engine-in-a-container needs: privileged, or the fallback set.

Some kernels refuse `--privileged` ("unable to apply caps": CAP_SYS_RESOURCE is withheld).
Every capability but that one, no seccomp or AppArmor profile, unmasked system paths and the
host's cgroup tree read-write run an inner dockerd just as well. The sandboxes and the scratch
engine both start one, so the set is written once, here.
"""

from __future__ import annotations

from typing import Any

from docker import APIClient

FALLBACK_OPTIONS: dict[str, Any] = {
    "cap_add": ["ALL"],
    "cap_drop": ["SYS_RESOURCE"],
    "security_opt": ["seccomp=unconfined", "apparmor=unconfined"],
}


def engine_host_config(api: APIClient, binds: dict[str, Any], privileged: bool, **options: Any) -> dict[str, Any]:
    """A host configuration for a container running dockerd, with `binds` and any other `options`."""
    if privileged:
        return dict(api.create_host_config(binds=binds, privileged=True, **options))
    with_cgroups = {**binds, "/sys/fs/cgroup": {"bind": "/sys/fs/cgroup", "mode": "rw"}}
    host_config = dict(api.create_host_config(binds=with_cgroups, **options, **FALLBACK_OPTIONS))
    # What `--security-opt systempaths=unconfined` means; the SDK has no name for it.
    host_config["MaskedPaths"] = []
    host_config["ReadonlyPaths"] = []
    return host_config
