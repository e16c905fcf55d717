"""What a stand-in build that ends early leaves behind: its step's container and its step images.

The engine's classic builder commits an image after each step and keeps them, untagged, when
the build stops half-way. A stop cannot wait for the build's next line (`RUN sleep` prints
none), so the running step's container is killed at once; then the step images that have no
name and no image built on them are removed, so no cache outlives the run.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import docker
from docker.errors import APIError

from recorder.engine import until_gone

STEP_IMAGE = re.compile(r"^ ---> ([0-9a-f]{12,64})$", re.MULTILINE)
STEP_CONTAINER = re.compile(r"^ ---> Running in ([0-9a-f]{12,64})$", re.MULTILINE)
CANCEL_POLL_SECONDS = 0.2
REMOVE_SECONDS = 5.0


@contextmanager
def step_killed_when_cancelled(
    client: docker.DockerClient, printed: list[str], cancel: threading.Event
) -> Iterator[None]:
    """While the block runs, a cancel kills the container of the step the build is running."""
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if cancel.wait(CANCEL_POLL_SECONDS):
                for container_id in STEP_CONTAINER.findall("".join(printed)):
                    with suppress(APIError):
                        client.api.kill(container_id)
                return

    watcher = threading.Thread(target=watch, name="build-cancel-watch", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def remove_step_images(client: docker.DockerClient, printed: str) -> None:
    """The unnamed step images the build printed, newest first (children before their parents).

    The engine may still be removing the step's container for a moment, so a refused removal
    is tried again until a few seconds have passed. A named image is somebody's to keep.
    """
    deadline = time.monotonic() + REMOVE_SECONDS

    def remove_if_unnamed(image_id: str) -> None:
        if not client.api.inspect_image(image_id).get("RepoTags"):  # type: ignore[no-untyped-call]
            client.api.remove_image(image_id, force=False)

    for image_id in reversed(STEP_IMAGE.findall(printed)):
        until_gone(functools.partial(remove_if_unnamed, image_id), deadline)
