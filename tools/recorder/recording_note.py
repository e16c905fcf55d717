"""The provenance line a page shows under its title, written by the recorder as Markdown.

The page includes it with `pymdownx.snippets`, so the site needs no build-time code: it is
made from what the recorder knows at the end of a recording, never typed by hand.
"""

from __future__ import annotations

import re
from datetime import datetime

TOOLS = (("engine", "Docker Engine"), ("compose", "Docker Compose"), ("buildx", "Buildx"))
EXPLAINED_AT = "how-outputs-are-made.md"


def recording_note(data: dict) -> str:
    """One paragraph: when, with which versions, and where each image came from."""
    when = datetime.strptime(data["recorded_at"], "%Y-%m-%dT%H:%M:%SZ")
    versions = data.get("versions") or {}
    tools = ", ".join(f"{label} {short_version(versions.get(key, 'unknown'))}" for key, label in TOOLS)
    images = data.get("images") or {}
    origin = "; ".join(f"`{image}` {source}" for image, source in sorted(images.items()))
    text = f"Outputs recorded on {when:%-d %B %Y} at {when:%H:%M} UTC with {tools}"
    if origin:
        text += f". Images: {origin}"
    return f"{text}. [How these outputs are made]({EXPLAINED_AT})\n{{: .provenance }}\n"


def short_version(version: str) -> str:
    """Debian's packaging suffixes (+dfsg1, -4) say nothing to a reader."""
    return re.split(r"[+~]|-\d", version, maxsplit=1)[0]
