"""One way to fingerprint a folder, for image tags and for what a recording depends on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def update_with_folder(digest: Any, folder: Path, skip: Callable[[Path], bool] = lambda _: False) -> None:
    """Feed every file's relative path and bytes to digest, in a fixed order."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if not skip(path):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
