"""The provenance line a page shows under its title, written by the recorder as Markdown.

The page includes it with `pymdownx.snippets`, so the site needs no build-time code: it is
made from what the recorder knows at the end of a recording, never typed by hand. It names
every image whose outputs came from a stand-in, each linked to where that stand-in is
described, so a reader knows which outputs are not those of the official image.
"""

from __future__ import annotations

import re

from recorder.origins import Origin
from recorder.sandbox.engines import CLASSIC_STORE, CONTAINERD_STORE
from recorder.site.provenance import Provenance

STORES = (CONTAINERD_STORE, CLASSIC_STORE)

TOOLS = (("engine", "Docker Engine"), ("compose", "Docker Compose"), ("buildx", "Buildx"))


def recording_note(provenance: Provenance, explained_at: str = "") -> str:
    """One paragraph: when, with which versions and image store, on which other engines the
    commands were verified, which images were stand-ins, and the rest; with a link to
    `explained_at` (the site's provenance page) where the site has one."""
    versions = provenance.versions
    tools = ", ".join(
        engine_label(versions) if key == "engine" else f"{label} {short_version(versions.get(key, 'unknown'))}"
        for key, label in TOOLS
    )
    text = f"Outputs recorded with {tools}"
    if provenance.recorded_at:
        text = (
            f"Outputs recorded on {provenance.recorded_at:%-d %B %Y} at {provenance.recorded_at:%H:%M} UTC with {tools}"
        )
    also = _also_verified_on(provenance)
    if also:
        text += f". Every command also verified on {also}"
    stand_ins = provenance.stand_ins
    if stand_ins:
        listed = ", ".join(_stand_in(image, provenance.images[image], explained_at) for image in stand_ins)
        text += f". Stand-ins, not the official images: {listed}"
    others = sorted(set(provenance.images) - set(stand_ins))
    if others:
        text += ". " + "; ".join(f"`{image}` {provenance.images[image]}" for image in others)
    link = f" [How these outputs are made]({explained_at})" if explained_at else ""
    return f"{text}.{link}\n{{: .provenance }}\n"


def _stand_in(image: str, origin: str, explained_at: str) -> str:
    detail = _detail(origin)
    return f"`{image}` ([{detail}]({stand_in_link(image, explained_at)}))" if explained_at else f"`{image}` ({detail})"


def _also_verified_on(provenance: Provenance) -> str:
    """The other engines (version and store) whose exit statuses matched the recording's (`check --engine`)."""
    recorded = engine_label(provenance.versions)
    others = {engine_label(versions) for versions in provenance.verified_on.values()} - {recorded}
    return " and ".join(sorted(others, key=lambda label: [int(n) for n in re.findall(r"\d+", label)], reverse=True))


def engine_label(versions: dict[str, str]) -> str:
    """`Docker Engine 28.5.2 (containerd image store)`; a recording from before stores were
    named says only the version."""
    label = f"Docker Engine {short_version(versions.get('engine', 'unknown'))}"
    store = versions.get("image_store")
    return f"{label} ({store} image store)" if store in STORES else label


def stand_in_link(image: str, explained_at: str) -> str:
    """Where the provenance page describes the stand-in for an image (`nginx:latest` links to
    #stand-in-nginx)."""
    name = image.split("@", 1)[0].rsplit("/", 1)[-1].split(":", 1)[0]
    return f"{explained_at}#stand-in-{name}"


def short_version(version: str) -> str:
    """Debian's packaging suffixes (+dfsg1, -4) say nothing to a reader."""
    return re.split(r"[+~]|-\d", version, maxsplit=1)[0]


def _detail(origin: str) -> str:
    """How the stand-in was made, as provisioning described it ("built from Debian trixie packages")."""
    return Origin.parse(origin).detail or "how it was made"
