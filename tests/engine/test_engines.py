"""Against the real engine: the sandbox engines (current on the containerd image store, the
classic store, Debian stable's), the provenance that names them, and the image cache kept
bounded without touching an image that a container uses."""

from __future__ import annotations

import io
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
import yaml

from helpers import NAMING
from helpers.recorder_cli import run_recorder
from recorder import engine
from recorder.provision.image_gc import remove_old_generations

VERSION = "docker version --format '{{.Server.Version}}'"


def _recording(root: Path, page: str) -> dict:
    return yaml.safe_load((root / "snippets" / page / "recording.yml").read_text())


STORE = "docker info --format '{{.Driver}} {{json .DriverStatus}}'"


def test_current_engine_records_on_the_containerd_store_and_others_verify_exit_statuses(make_page) -> None:
    root = make_page("versions", {"server": VERSION, "store": STORE, "pull": "docker run --rm debian true"})
    recorded = run_recorder(root, "record", timeout=1800)
    assert recorded.returncode == 0, recorded.stderr
    folder = root / "snippets" / "versions"
    assert (folder / "server.out").read_text().startswith("28.5.")
    data = _recording(root, "versions")
    assert data["engine"] == "current" and data["versions"]["engine"].startswith("28.5.")
    assert data["versions"]["compose"].startswith("2.40.") and data["versions"]["buildx"].startswith("0.29.")
    assert set(data["verified_on"]) == {"current"}
    assert data["images"] == {"debian:latest": "stand-in (built from Debian trixie packages)"}
    assert data["versions"]["image_store"] == "containerd"
    assert "io.containerd.snapshotter.v1" in (folder / "store.out").read_text()
    assert "Docker Engine 28.5.2 (containerd image store)" in (folder / "recording.md").read_text()

    classic = run_recorder(root, "check", "--engine", "classic", timeout=1800)
    assert classic.returncode == 0, classic.stderr
    data = _recording(root, "versions")
    assert data["verified_on"]["classic"]["image_store"] == "classic"
    assert "also verified on Docker Engine 28.5.2 (classic image store)" in (folder / "recording.md").read_text()

    checked = run_recorder(root, "check", "--engine", "stable", timeout=1800)
    assert checked.returncode == 0, checked.stderr
    assert "comparing exit statuses only where outputs were recorded on current" in checked.stderr
    data = _recording(root, "versions")
    assert data["verified_on"]["stable"]["engine"].startswith("26.1.")
    assert data["verified_on"]["stable"]["image_store"] == "classic"
    assert data["versions"]["engine"].startswith("28.5.")  # the outputs still come from current
    assert (folder / "server.out").read_text().startswith("28.5.")

    (folder / "pull.sh").write_text("docker run --rm debian false\n")
    failed = run_recorder(root, "check", "--engine", "stable", timeout=1800)
    assert failed.returncode == 1
    assert "versions/pull: exited with status 1, expected 0" in failed.stderr
    assert engine.leftovers(engine.connect(), NAMING, engine.project_key(root)) == []


def test_stable_engine_records_with_docker_26(make_page) -> None:
    root = make_page("stable", {"server": VERSION})
    result = run_recorder(root, "record", "--engine", "stable", timeout=1800)
    assert result.returncode == 0, result.stderr
    assert (root / "snippets/stable/server.out").read_text().startswith("26.1.")
    assert _recording(root, "stable")["engine"] == "stable"


@pytest.fixture
def generations(client, provisioned) -> Iterator[tuple[docker.DockerClient, list[str]]]:
    """Four generations of a cached image family of this test's own, oldest first."""
    base = provisioned.base_image
    family = NAMING.image(f"gc-test-{secrets.token_hex(4)}")
    tags = []
    for generation in range(1, 5):
        dockerfile = f"FROM {base}\nLABEL generation={generation}\n".encode()
        tag = f"{family}:{generation}"
        client.images.build(fileobj=io.BytesIO(dockerfile), tag=tag, labels=NAMING.cache_labels(), pull=False, rm=True)
        tags.append(tag)
        time.sleep(1.1)  # engines date images to the second
    yield client, tags
    for container in client.containers.list(all=True, filters={"label": f"gc-test={family}"}):
        container.remove(force=True)
    for tag in tags:
        if client.images.list(name=tag):
            client.images.remove(tag)


def test_old_generations_go_but_never_an_image_a_container_uses(generations) -> None:
    client, (first, second, third, fourth) = generations
    family = first.rsplit(":", 1)[0]
    users = client.containers.create(first, ["true"], labels={"gc-test": family})  # a user's stopped container
    removed = remove_old_generations(client, NAMING, {fourth})
    assert [image.tags for image in removed] == [(second,)]
    left = sorted(tag for image in client.images.list(name=family) for tag in image.tags)
    assert left == [first, third, fourth]  # in use; the newest other generation; current
    users.remove()
