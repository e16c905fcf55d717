"""MkDocs hook: a provenance line under each recorded page's title, from its recording.yml.

The line is built from what the recorder wrote, never typed by hand, so a reader can see
when the outputs were made, with which tools, and which images were stand-ins.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

HEADING = re.compile(r"^# .*$", flags=re.MULTILINE)
TOOLS = (("engine", "Docker Engine"), ("compose", "Docker Compose"), ("buildx", "Buildx"))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any, **_: Any) -> str:
    snippets = Path(config["config_file_path"]).parent / "snippets"
    recording = snippets / Path(page.file.src_uri).with_suffix("") / "recording.yml"
    if not recording.is_file():
        return markdown
    line = provenance_line(yaml.safe_load(recording.read_text(encoding="utf-8")) or {})
    block = f'\n<p class="provenance" markdown>{line}</p>\n'
    heading = HEADING.search(markdown)
    if heading is None:
        return block + markdown
    return markdown[: heading.end()] + "\n" + block + markdown[heading.end() :]


def provenance_line(data: dict) -> str:
    """One sentence: when, with which versions, and where each image came from."""
    when = datetime.strptime(data["recorded_at"], "%Y-%m-%dT%H:%M:%SZ")
    versions = data.get("versions") or {}
    tools = ", ".join(f"{label} {_short(versions.get(key, 'unknown'))}" for key, label in TOOLS)
    images = data.get("images") or {}
    origin = "; ".join(f"`{image}` {source}" for image, source in sorted(images.items()))
    text = f"Outputs recorded on {when:%-d %B %Y} at {when:%H:%M} UTC with {tools}"
    if origin:
        text += f". Images: {origin}"
    return text + ". [How these outputs are made](how-outputs-are-made.md)"


def _short(version: str) -> str:
    """Debian's packaging suffixes (+dfsg1, -4) say nothing to a reader."""
    return re.split(r"[+~]|-\d", version, maxsplit=1)[0]
