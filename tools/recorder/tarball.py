"""One way to pack a folder as a tar stream, for build contexts and for a page's files."""

from __future__ import annotations

import io
import tarfile
import time
from collections.abc import Callable
from pathlib import Path


def tar_of(
    folder: Path, extra: dict[str, bytes] | None = None, skip: Callable[[Path], bool] = lambda _: False
) -> bytes:
    """Every file under folder but those skipped (owned by root, dated now), plus extra files by content.

    Files arrive owned by root, as `COPY` and a reader's own copy would leave them, and
    dated at the time of the run, so no host user or date leaks into the sandbox.
    """
    now = int(time.time())
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path in sorted(p for p in folder.rglob("*") if not skip(p)):
            info = tar.gettarinfo(str(path), arcname=path.relative_to(folder).as_posix())
            _as_root(info, now)
            if path.is_file():
                with path.open("rb") as handle:
                    tar.addfile(info, handle)
            else:
                tar.addfile(info)
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            _as_root(info, now)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _as_root(info: tarfile.TarInfo, mtime: int) -> None:
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    info.mtime = mtime
