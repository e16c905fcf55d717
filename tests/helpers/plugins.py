"""A tiny package installed the way pip leaves it (a module and its dist-info with
`entry_points.txt`), in a folder put on PYTHONPATH of fresh interpreters: registries then read
real entry-point metadata, as they would of a site's own package."""

from __future__ import annotations

import os
from pathlib import Path


def install_package(folder: Path, module: str, source: str, group: str, entry: str) -> dict[str, str]:
    """Package `site-parts` with `module` holding `source` and `entry` in `group`; the environment
    in which a recorder process sees it."""
    (folder / f"{module}.py").write_text(source)
    info = folder / "site_parts-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: site-parts\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{group}]\n{entry}\n")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")])}
