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


def _plan(kinds: dict[str, str], suite: str = "forky", hub: bool = False) -> dict[str, tuple[str, ...]]:
    catalogue = load_catalogue(SITE.standins)
    scope = SimpleNamespace(client=None, endpoint_environment=dict, naming=SITE.naming)  # the plan only; nothing runs
    steps = provisioning_steps(scope, lambda _: None, SITE.images, suite, catalogue, kinds, Hub(lambda: hub))  # type: ignore[arg-type]
    return {step.name: step.needs for step in steps}


def test_with_stand_ins_the_bases_come_first_and_everything_else_in_parallel_before_the_push() -> None:
    plan = _plan(dict.fromkeys(["debian", "nginx", "redis", "python", "registry"], STAND_IN))
    assert plan["base-trixie"] == () and plan["base-forky"] == ()
    assert plan["lease"] == ("base-trixie",)  # the run's lease runs on the first base, before anything of the run's
    assert plan["sandbox"] == ("base-forky",)
    for step in ("registry", "image-nginx", "image-redis", "image-python", "image-registry"):
        assert plan[step] == ("base-trixie",)
    assert "image-debian" not in plan  # debian's stand-in is the trixie base itself
    assert set(plan["registry-data"]) == {
        "registry",
        "lease",
        "base-trixie",
        "image-nginx",
        "image-redis",
        "image-python",
        "image-registry",
    }
    assert "sandbox" not in plan["registry-data"]  # the registry pushes into itself


def test_official_images_are_pulled_without_waiting_for_a_base() -> None:
    plan = _plan({"debian": OFFICIAL, "nginx": OFFICIAL, "redis": OFFICIAL, "python": STAND_IN, "registry": OFFICIAL})
    assert plan["image-nginx"] == () and plan["image-registry"] == ()
    assert plan["image-python"] == ("base-trixie",)


def test_the_stable_engine_builds_its_sandbox_on_the_trixie_base_with_no_second_base() -> None:
    plan = _plan(dict.fromkeys(["debian", "nginx", "redis", "python", "registry"], STAND_IN), suite="trixie")
    assert "base-forky" not in plan
    assert plan["sandbox"] == ("base-trixie",)
