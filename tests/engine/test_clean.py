"""`recorder clean` and the reaper never remove what is the user's, nor a live run's objects.

The shared engine (other checkouts' runs and the image cache live there) only sees what is
safe: record, check and a project's own clean with the user's containers in place. What
removes more (`clean --all-projects`, `clean --images`) runs against a private engine (see
conftest.private_engine).
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

import docker

from helpers import NAMING
from helpers.recorder_cli import run_recorder
from recorder import engine
from recorder.engine.lease import Lease
from recorder_dev.site_table import write_site_configuration

# A cached image of ours, as provisioning names its bases (mkdocs-recorder/...).
BASE_IMAGE = f"{NAMING.image('base-trixie')}:cached"


def _cached_images(client: docker.DockerClient) -> list[str]:
    """Every image the recorder keeps as a cache (its own names only)."""
    found = client.api.images(filters={"label": NAMING.cache_filter})
    return sorted(tag for image in found for tag in image.get("RepoTags") or [] if NAMING.is_cached_image(tag))


def test_users_containers_from_each_cached_image_survive_record_check_and_clean(client, make_page) -> None:
    images = _cached_images(client)
    assert any(image.startswith(f"{NAMING.image('registry-data')}:") for image in images), images
    suffix = secrets.token_hex(3)
    users = [
        client.api.create_container(image, ["true"], name=f"tutorial-user-{suffix}-{i}")["Id"]
        for i, image in enumerate(images)
    ]
    try:
        root = make_page("tiny", {"a": "echo hello"})
        for command in (["record"], ["check"], ["clean"]):
            result = run_recorder(root, *command)
            assert result.returncode == 0, result.stderr
            for user in users:
                client.api.inspect_container(user)  # raises NotFound if it was removed
        assert engine.leftovers(client, NAMING, engine.project_key(root)) == []
    finally:
        for user in users:  # with their anonymous volumes (VOLUME in the redis, registry and sandbox images)
            client.api.remove_container(user, force=True, v=True)


def _labelled(project: str, run_id: str, lease: bool = True) -> dict[str, str]:
    labels = NAMING.run_labels(run_id, project)
    if not lease:
        del labels[NAMING.lease_label]
    return labels


def test_clean_spares_users_objects_and_live_runs_on_a_private_engine(private_engine: str, tmp_path: Path) -> None:
    private = docker.DockerClient(base_url=private_engine)
    env = {**os.environ, "DOCKER_HOST": private_engine}
    env.pop("DOCKER_CONTEXT", None)
    this = tmp_path / "this-checkout"
    this.mkdir()
    write_site_configuration(this)  # the tutorial's label and name prefixes
    project, other_project = engine.project_key(this), "another-checkout"
    api = private.api

    # The cache: our base (pulled debian:trixie carries the cache label), an unused image of
    # ours, and a registry-data image made the old way (by commit, run labels copied into it).
    private.images.get("debian:trixie").tag(BASE_IMAGE)
    api.commit(api.create_container(BASE_IMAGE, ["true"])["Id"], repository=NAMING.image("unused"), tag="1")
    old_run = _labelled("p-old", "0ld0run0", lease=False)
    pushed = api.create_container(BASE_IMAGE, ["true"], labels=old_run)["Id"]
    api.commit(pushed, repository=NAMING.image("registry-data"), tag="old", conf={"Labels": NAMING.cache_labels()})
    # The user's: containers from each cached image (one running), and an image built on our base.
    api.commit(api.create_container(BASE_IMAGE, ["true"])["Id"], repository="myapp", tag="1")
    user_containers = {
        "user-from-base": api.create_container(BASE_IMAGE, ["sleep", "infinity"], name="user-from-base")["Id"],
        "user-from-registry-data": api.create_container(
            f"{NAMING.image('registry-data')}:old", ["true"], name="user-from-registry-data"
        )["Id"],
    }
    api.start(user_containers["user-from-base"])
    for container in api.containers(all=True):
        if container["Id"] not in user_containers.values():
            api.remove_container(container["Id"], force=True)
    assert "org.docker-tutorial.run" in api.inspect_container("user-from-registry-data")["Config"]["Labels"]

    # Runs: a dead one of this checkout, one from before leases, a live one, a dead one elsewhere.
    dead = _labelled(project, "dead0001")
    api.create_container(BASE_IMAGE, ["true"], labels=dead, name="dead-container")
    private.networks.create("dead-network", labels=dead)
    private.volumes.create("dead-volume", labels=dead)
    private.volumes.create("legacy-volume", labels=_labelled(project, "legacy01", lease=False))
    live = _labelled(project, "live0001")
    lease = Lease(private, NAMING.lease_name("live0001"), live)
    lease.take(BASE_IMAGE)
    private.networks.create("live-network", labels=live)
    private.volumes.create("elsewhere-volume", labels=_labelled(other_project, "else0001"))

    def names() -> set[str]:
        found = {c["Names"][0].lstrip("/") for c in api.containers(all=True)}
        found |= {n["Name"] for n in api.networks()} | {v["Name"] for v in api.volumes()["Volumes"] or []}
        return found

    try:
        cleaned = run_recorder(this, "clean", env=env)
        assert cleaned.returncode == 0, cleaned.stderr
        left = names()
        assert not {"dead-container", "dead-network", "dead-volume", "legacy-volume"} & left
        assert {"live-network", NAMING.lease_name("live0001"), "elsewhere-volume"} <= left
        assert set(user_containers) <= left
        assert "left run live0001: it is still running" in cleaned.stderr

        everything = run_recorder(this, "clean", "--all-projects", "--images", env=env)
        assert everything.returncode == 0, everything.stderr
        left = names()
        assert "elsewhere-volume" not in left
        assert {"live-network", NAMING.lease_name("live0001")} | set(user_containers) <= left
        tags = {tag for image in api.images() for tag in image.get("RepoTags") or []}
        assert f"{NAMING.image('unused')}:1" not in tags
        assert {BASE_IMAGE, f"{NAMING.image('registry-data')}:old", "myapp:1", "debian:trixie"} <= tags
        lease_name = NAMING.lease_name("live0001")
        assert f"kept image {BASE_IMAGE}: used by container(s) {lease_name}, user-from-base\n" in everything.stderr
        assert (
            f"kept image {NAMING.image('registry-data')}:old: used by container(s) user-from-registry-data\n"
            in everything.stderr
        )
        assert api.inspect_container("user-from-base")["State"]["Status"] == "running"

        lease.release()  # the live run ends without cleaning up: now its objects go
        deadline = time.monotonic() + 15
        while api.inspect_container(NAMING.lease_name("live0001"))["State"]["Status"] == "running":
            assert time.monotonic() < deadline, "the lease did not stop when its stdin closed"
            time.sleep(0.2)
        after = run_recorder(this, "clean", env=env)
        assert after.returncode == 0, after.stderr
        assert not {"live-network", NAMING.lease_name("live0001")} & names()
        assert set(user_containers) <= names()
    finally:
        lease.release()
