"""Keeps the image cache bounded: old generations of the recorder's images go at provisioning.

Every image the recorder builds is tagged with a hash of its definition, so a changed
Dockerfile adds an image beside the old one. After provisioning, of each family it just
provisioned (an image name such as mkdocs-recorder/sandbox-forky) the current image stays,
and so does the newest other one (another checkout may still be on it); older ones are
removed. Never removed: an image a container uses (any container, the user's own included),
an untagged image (a build in progress may own it), an image of a family this provisioning
did not touch (the other engine's sandbox, say), anything while another recorder run is live.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import docker
from docker.errors import APIError

from recorder.engine import image_id, run_objects
from recorder.engine.lease import dead_runs
from recorder.naming import Naming
from recorder.provision.plan import Log


@dataclass(frozen=True)
class CachedImage:
    """One of the recorder's cached images, as the engine lists it."""

    id: str
    tags: tuple[str, ...]
    created: int

    @property
    def family(self) -> str:
        return self.tags[0].rsplit(":", 1)[0]


def stale_images(images: Iterable[CachedImage], current: set[str], in_use: set[str]) -> list[CachedImage]:
    """The images to remove, newest first (so children go before the images they are built on)."""
    families: dict[str, list[CachedImage]] = {}
    for image in images:
        if image.tags and image.id not in current:
            families.setdefault(image.family, []).append(image)
    stale = []
    for members in families.values():
        older = sorted(members, key=lambda image: image.created, reverse=True)[1:]
        stale += [image for image in older if image.id not in in_use]
    return sorted(stale, key=lambda image: image.created, reverse=True)


def remove_stale_images(
    client: docker.DockerClient, naming: Naming, current: set[str], run_id: str, log: Log
) -> list[CachedImage]:
    """Remove old generations of the families of `current` (image tags); skipped while another run
    (not `run_id`, the run provisioning) is live."""
    _, live = dead_runs(client, run_objects(client, naming))
    if any(obj.run_id != run_id for obj in live):
        log("old cached images kept this time: another recorder run is using the engine")
        return []
    removed = remove_old_generations(client, naming, current)
    if removed:
        log(f"removed {len(removed)} old cached image(s): {', '.join(image.tags[0] for image in removed)}")
    return removed


def remove_old_generations(client: docker.DockerClient, naming: Naming, current: set[str]) -> list[CachedImage]:
    """Remove the stale cached images of the families of `current` (image tags); those removed."""
    families = {tag.rsplit(":", 1)[0] for tag in current}
    current_ids = {image_id(client, tag) for tag in current}
    images = []
    for entry in client.api.images(filters={"label": naming.cache_filter}):
        tags = tuple(tag for tag in entry.get("RepoTags") or () if tag.rsplit(":", 1)[0] in families)
        if tags:
            images.append(CachedImage(entry["Id"], tags, entry["Created"]))
    in_use = {container["ImageID"] for container in client.api.containers(all=True)}
    removed = []
    for image in stale_images(images, current_ids, in_use):
        try:
            for tag in image.tags:  # by tag: an ID with several tags is refused without force
                client.api.remove_image(tag, force=False, noprune=False)
        except APIError as error:
            if error.status_code in (404, 409):  # gone already, or now used by a container or a child image
                continue
            raise
        removed.append(image)
    return removed
