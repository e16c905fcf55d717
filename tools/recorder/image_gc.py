"""Keeps the image cache bounded: old generations of the recorder's images go at provisioning.

Every image the recorder builds is tagged with a hash of its definition, so a changed
Dockerfile adds an image beside the old one. After provisioning, of each family (an image
name such as docker-tutorial/sandbox-forky) the image just provisioned stays, and so does
the newest other one (another checkout may still be on it); older ones are removed. Never
removed: an image a container uses (any container, the user's own included), an untagged
image (a build in progress may own it), anything while another recorder run is live.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import docker
from docker.errors import APIError

from recorder.engine import CACHE, LABEL, RUN
from recorder.plan import Log


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


def remove_stale_images(client: docker.DockerClient, current_ids: set[str], log: Log) -> list[CachedImage]:
    """Remove old generations of the cache; what was removed. Skipped while a run is live."""
    if client.api.containers(all=True, filters={"label": f"{LABEL}={RUN}"}):
        log("old cached images kept this time: another recorder run is using the engine")
        return []
    listed = client.api.images(filters={"label": f"{LABEL}={CACHE}"})
    images = [
        CachedImage(
            entry["Id"], tuple(tag for tag in entry.get("RepoTags") or () if tag != "<none>:<none>"), entry["Created"]
        )
        for entry in listed
    ]
    in_use = {container["ImageID"] for container in client.api.containers(all=True)}
    removed = []
    for image in stale_images(images, current_ids, in_use):
        try:
            client.api.remove_image(image.id, force=False, noprune=False)
        except APIError as error:
            if error.status_code in (404, 409):  # gone already, or now used by a container or a child image
                continue
            raise
        removed.append(image)
    if removed:
        log(f"removed {len(removed)} old cached image(s): {', '.join(image.tags[0] for image in removed)}")
    return removed
