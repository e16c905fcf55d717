"""Choosing official images or stand-ins: as asked, as recorded, and as this machine allows.

Docker Hub is unreachable here, so whether it answers is given to the pure choice as a probe.
"""

from __future__ import annotations

import pytest

from helpers import ROOT, SITE
from recorder.errors import EngineError
from recorder.provision.sources import (
    AUTO,
    OFFICIAL,
    RECORDED,
    STAND_IN,
    Hub,
    choose_sources,
    kind_of,
    load_catalogue,
    recorded_kinds,
)

NAMES = ["debian", "nginx", "redis"]
STANDIN_ORIGIN = "stand-in (built from Debian forky packages)"


def test_the_catalogue_names_each_image_its_suite_its_tags_and_whether_it_is_built() -> None:
    catalogue = {standin.name: standin for standin in load_catalogue(SITE.standins)}
    assert set(catalogue) == {"debian", "nginx", "redis", "python", "postgres", "registry"}
    assert "library/nginx:1.30" in catalogue["nginx"].targets
    assert "python:3.13-slim-trixie" in catalogue["python"].references
    assert not catalogue["debian"].built and catalogue["nginx"].built
    assert catalogue["nginx"].suite == "forky" and catalogue["debian"].suite == "trixie"
    assert str(catalogue["nginx"].origin) == "stand-in (built from Debian forky packages)"
    for standin in catalogue.values():
        assert (standin.folder / "differences.md").is_file(), standin.name


def test_recorded_kinds_are_gathered_per_image_with_their_pages() -> None:
    catalogue = load_catalogue(SITE.standins)
    recordings = {
        "nginx": {"nginx:latest": STANDIN_ORIGIN, "debian:latest": "official"},
        "compose": {"redis:latest": STANDIN_ORIGIN, "counter-web:latest": "built here"},
        "other": {"nginx:1.30": STANDIN_ORIGIN},
    }
    assert recorded_kinds(catalogue, recordings) == {
        "nginx": {STAND_IN: ["nginx", "other"]},
        "debian": {OFFICIAL: ["nginx"]},
        "redis": {STAND_IN: ["compose"]},
    }
    assert kind_of("official") == OFFICIAL and kind_of(STANDIN_ORIGIN) == STAND_IN


@pytest.mark.parametrize(("hub", "kind"), [(True, OFFICIAL), (False, STAND_IN)])
def test_auto_uses_docker_hub_where_it_answers(hub: bool, kind: str) -> None:
    choice = choose_sources(NAMES, AUTO, Hub(lambda: hub), {})
    assert choice.kinds == dict.fromkeys(NAMES, kind) and choice.note is None


def test_recorded_with_stand_ins_and_hub_reachable_keeps_stand_ins_and_says_so_in_one_line() -> None:
    """debian was never recorded, so Docker Hub is asked, and its answer also gives the note."""
    recorded = {"nginx": {STAND_IN: ["nginx"]}, "redis": {STAND_IN: ["compose"]}}
    choice = choose_sources(NAMES, RECORDED, Hub(lambda: True), recorded)
    assert choice.kinds == {"debian": OFFICIAL, "nginx": STAND_IN, "redis": STAND_IN}
    assert choice.note is not None and "\n" not in choice.note
    assert "stand-ins for nginx, redis" in choice.note and "--image-source official" in choice.note


def test_recorded_with_stand_ins_and_no_hub_says_nothing() -> None:
    choice = choose_sources(NAMES, RECORDED, Hub(lambda: False), {"nginx": {STAND_IN: ["nginx"]}})
    assert choice.kinds == dict.fromkeys(NAMES, STAND_IN) and choice.note is None


def test_recorded_with_official_images_and_no_hub_is_one_clear_error() -> None:
    with pytest.raises(EngineError, match=r"recorded with the official nginx .*--image-source stand-in"):
        choose_sources(NAMES, RECORDED, Hub(lambda: False), {"nginx": {OFFICIAL: ["nginx"]}})


def test_recorded_with_official_images_and_hub_uses_them_quietly() -> None:
    choice = choose_sources(NAMES, RECORDED, Hub(lambda: True), {"nginx": {OFFICIAL: ["nginx"]}})
    assert choice.kinds["nginx"] == OFFICIAL and choice.note is None


def test_pages_recorded_from_both_sources_must_be_checked_apart() -> None:
    with pytest.raises(EngineError, match=r"nginx from different sources \(official: a; stand-in: b\)"):
        choose_sources(NAMES, RECORDED, Hub(lambda: True), {"nginx": {OFFICIAL: ["a"], STAND_IN: ["b"]}})


def test_official_asked_without_hub_is_refused() -> None:
    with pytest.raises(EngineError, match="needs Docker Hub"):
        choose_sources(NAMES, OFFICIAL, Hub(lambda: False), {})


def test_official_asked_against_stand_in_recordings_warns_of_drift() -> None:
    choice = choose_sources(NAMES, OFFICIAL, Hub(lambda: True), {"nginx": {STAND_IN: ["nginx"]}})
    assert choice.kinds == dict.fromkeys(NAMES, OFFICIAL)
    assert choice.note is not None and "other sources for nginx" in choice.note


def test_stand_ins_asked_with_hub_reachable_are_used() -> None:
    choice = choose_sources(NAMES, STAND_IN, Hub(lambda: True), {})
    assert choice.kinds == dict.fromkeys(NAMES, STAND_IN) and choice.note is None


def test_how_outputs_are_made_has_a_section_with_the_differences_of_every_stand_in() -> None:
    page = (ROOT / "docs" / "how-outputs-are-made.md").read_text()
    for standin in load_catalogue(SITE.standins):
        assert f"### {standin.name} {{ #stand-in-{standin.name} }}" in page, standin.name
        assert f'--8<-- "standins/{standin.name}/differences.md"' in page, standin.name


def _never_asked() -> bool:
    raise AssertionError("Docker Hub was probed although no choice depended on it")


def test_recorded_sources_for_every_image_never_probe_docker_hub() -> None:
    recorded = {name: {STAND_IN: ["page"]} for name in NAMES}
    choice = choose_sources(NAMES, RECORDED, Hub(_never_asked), recorded)
    assert choice.kinds == dict.fromkeys(NAMES, STAND_IN) and choice.note is None
    assert choose_sources(NAMES, STAND_IN, Hub(_never_asked), recorded).kinds == dict.fromkeys(NAMES, STAND_IN)


def test_docker_hub_is_probed_once_however_often_a_choice_asks() -> None:
    probes: list[int] = []
    hub = Hub(lambda: probes.append(1) or True)
    choose_sources(NAMES, RECORDED, hub, {"nginx": {OFFICIAL: ["nginx"]}})
    assert hub.asked and probes == [1]
