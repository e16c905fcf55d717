"""Provisioning's pure parts: when to rebuild, and the plan of steps for each image source."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from helpers import SITE
from recorder.provision.images import context_hash, provisioning_steps
from recorder.provision.sources import OFFICIAL, STAND_IN, Hub, load_catalogue


def test_a_changed_dockerfile_or_base_or_extra_file_means_a_new_tag(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM base\n")
    first = context_hash(tmp_path, "sha256:1", {})
    assert context_hash(tmp_path, "sha256:1", {}) == first
    assert context_hash(tmp_path, "sha256:2", {}) != first
    assert context_hash(tmp_path, "sha256:1", {"ca.crt": b"x"}) != first
    (tmp_path / "Dockerfile").write_text("FROM base\nRUN true\n")
    assert context_hash(tmp_path, "sha256:1", {}) != first


def test_editing_the_notes_for_readers_does_not_rebuild(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM base\n")
    before = context_hash(tmp_path, "sha256:1", {})
    (tmp_path / "differences.md").write_text("- one more difference\n")
    assert context_hash(tmp_path, "sha256:1", {}) == before


CATALOGUE = """\
debian: {suite: trixie, tags: [trixie]}
nginx: {suite: forky, tags: ["1.30"]}
redis: {suite: experimental, tags: ["8"]}
registry: {suite: trixie, tags: ["3"]}
"""
NAMES = ["debian", "nginx", "redis", "registry"]


def _plan(tmp_path: Path, kinds: dict[str, str], suite: str = "forky", hub: bool = False) -> dict[str, tuple[str, ...]]:
    """The steps provisioning would run for a small catalogue, each with the steps it waits for."""
    standins = tmp_path / "standins"
    standins.mkdir()
    (standins / "images.yml").write_text(CATALOGUE)
    for name in NAMES[1:]:
        (standins / name).mkdir()
        (standins / name / "Dockerfile").write_text("ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n")
    catalogue = load_catalogue(standins)
    scope = SimpleNamespace(client=None, endpoint_environment=dict, naming=SITE.naming)  # the plan only; nothing runs
    steps = provisioning_steps(scope, lambda _: None, SITE.images, suite, catalogue, kinds, Hub(lambda: hub))  # type: ignore[arg-type]
    return {step.name: step.needs for step in steps}


def test_with_stand_ins_each_suite_has_one_base_and_each_image_is_built_on_its_own(tmp_path: Path) -> None:
    plan = _plan(tmp_path, dict.fromkeys(NAMES, STAND_IN))
    assert [step for step in plan if step.startswith("base-")] == ["base-trixie", "base-experimental", "base-forky"]
    assert all(plan[step] == () for step in plan if step.startswith("base-"))
    assert plan["lease"] == ("base-trixie",)  # the run's lease runs on the first base, before anything of the run's
    assert plan["sandbox"] == ("base-forky",)  # the sandbox and nginx share the forky base
    assert plan["image-nginx"] == ("base-forky",)
    assert plan["image-redis"] == ("base-experimental",)
    assert plan["registry"] == plan["image-registry"] == ("base-trixie",)
    assert "image-debian" not in plan  # debian's stand-in is the trixie base itself
    pushed_after = {"registry", "lease", "base-trixie", "image-nginx", "image-redis", "image-registry"}
    assert set(plan["registry-data"]) == pushed_after
    assert "sandbox" not in plan["registry-data"]  # the registry pushes into itself


def test_official_images_are_pulled_without_waiting_for_a_base(tmp_path: Path) -> None:
    plan = _plan(tmp_path, {"debian": OFFICIAL, "nginx": OFFICIAL, "redis": STAND_IN, "registry": OFFICIAL})
    assert plan["image-nginx"] == () and plan["image-registry"] == ()
    assert plan["image-redis"] == ("base-experimental",)


def test_a_suite_no_stand_in_needs_is_not_made(tmp_path: Path) -> None:
    plan = _plan(tmp_path, {"debian": STAND_IN, "nginx": OFFICIAL, "redis": OFFICIAL, "registry": STAND_IN}, "trixie")
    assert [step for step in plan if step.startswith("base-")] == ["base-trixie"]
    assert plan["sandbox"] == ("base-trixie",)
