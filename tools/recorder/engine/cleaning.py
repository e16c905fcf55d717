"""`recorder clean`: remove what runs of this checkout (or of every checkout) left, and spare the rest.

A live run (its lease still runs) is never touched: its recorder removes its objects itself.
Objects made by recorders from before leases cannot tell whether their run lives; `clean`,
which a person runs on purpose, removes them. With `--images`, cached images go too, except
one that any container uses (a user's container made from our base image, say): that image
is left and a line says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import docker
from docker.errors import APIError, NotFound

from recorder.engine import RunObject, remove_objects, run_objects
from recorder.engine.lease import dead_runs
from recorder.naming import Naming

CLEAN_SECONDS = 120
Say = Callable[[str], None]


@dataclass
class Cleaned:
    """What clean did, for its report."""

    removed: list[RunObject] = field(default_factory=list)
    live: list[RunObject] = field(default_factory=list)
    left: list[RunObject] = field(default_factory=list)
    images_removed: list[str] = field(default_factory=list)
    images_kept: dict[str, str] = field(default_factory=dict)


def clean(client: docker.DockerClient, naming: Naming, project: str | None, images: bool, say: Say) -> Cleaned:
    """Remove dead runs' objects (of one project, or all when None), then unused cached images if asked."""
    deadline = time.monotonic() + CLEAN_SECONDS
    found = run_objects(client, naming, project=project)
    dead, live = dead_runs(client, found)
    unleased = [obj for obj in live if not obj.lease]
    live = [obj for obj in live if obj.lease]
    result = Cleaned(live=live)
    doomed = dead + unleased
    remove_objects(client, doomed, deadline)
    still_there = {str(obj) for obj in run_objects(client, naming, project=project)}
    result.removed = [obj for obj in doomed if str(obj) not in still_there]
    result.left = [obj for obj in doomed if str(obj) in still_there]
    for run_id in sorted({obj.run_id for obj in live}):
        objects = [str(obj) for obj in live if obj.run_id == run_id]
        say(f"left run {run_id}: it is still running ({len(objects)} object(s): {', '.join(objects)})")
    for obj in result.left:
        say(f"could not remove {obj}")
    if images:
        _remove_unused_images(client, naming, result, say)
    return result


def _remove_unused_images(client: docker.DockerClient, naming: Naming, result: Cleaned, say: Say) -> None:
    """Untag our cached images that no container uses; never force, never a name the user gave.

    Images inherit labels too (a user's image built FROM our base carries the cache label), so
    only the recorder's own names (`mkdocs-recorder/...`) are removed; the engine deletes an image once its
    last name is gone and no other image is built on it.
    """
    users: dict[str, list[str]] = {}
    for entry in client.api.containers(all=True):
        users.setdefault(entry.get("ImageID", ""), []).append(entry["Names"][0].lstrip("/"))
    for image in client.api.images(filters={"label": naming.cache_filter}):
        ours = [tag for tag in image.get("RepoTags") or [] if naming.is_cached_image(tag)]
        if not ours:
            continue
        if image["Id"] in users:
            for tag in ours:
                result.images_kept[tag] = "used by container(s) " + ", ".join(sorted(users[image["Id"]]))
                say(f"kept image {tag}: {result.images_kept[tag]}")
            continue
        for tag in ours:
            try:
                client.api.remove_image(tag, force=False)
            except NotFound:
                continue
            except APIError as error:  # a container made since the listing, say
                result.images_kept[tag] = error.explanation or str(error)
                say(f"kept image {tag}: {result.images_kept[tag]}")
                continue
            result.images_removed.append(tag)
