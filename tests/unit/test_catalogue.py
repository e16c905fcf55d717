"""The stand-in catalogue (images.yml): its small format, its one-line errors, and that what it
says of each stand-in (suite, version tags) agrees with the stand-in's Dockerfile and disclosure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import SITE
from recorder.errors import InputError
from recorder.provision.sources import load_catalogue

VERSION_ENV = re.compile(r"^\s*(?:ENV\s+)?[A-Z]+_VERSION=(\d+(?:\.\d+)+)", re.MULTILINE)
VERSION_TAG = re.compile(r"^(\d+(?:\.\d+)*)(?:-|$)")


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "images.yml").write_text(text)
    return tmp_path


def test_each_entry_gives_a_suite_and_tags_kept_as_written(tmp_path: Path) -> None:
    text = "# images\nnginx: {suite: forky, tags: [latest, 1.30]}\ndebian:\n  suite: trixie\n  tags: [13]\n"
    folder = _write(tmp_path, text)
    nginx, debian = load_catalogue(folder)
    assert (nginx.name, nginx.suite, nginx.tags) == ("nginx", "forky", ("latest", "1.30"))  # 1.30, not 1.3
    assert (debian.suite, debian.tags, debian.folder) == ("trixie", ("13",), folder / "debian")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("nginx: [latest, '1.30']\n", 1, "nginx: give {suite: SUITE, tags: [TAG, ...]}"),
        ("# a comment\nnginx: {tags: [latest]}\n", 2, "nginx: missing suite"),
        ("nginx:\n  suite: forky\n  tag: [latest]\n", 3, "nginx: unknown field 'tag' (known: suite, tags)"),
        ("nginx:\n  suite: Forky 2\n  tags: [latest]\n", 2, "nginx: suite must be a Debian suite's name"),
        ("nginx:\n  suite: forky\n  tags: latest\n", 3, "nginx: tags must be a list of tags"),
        ("nginx:\n  suite: forky\n  tags: []\n", 3, "nginx: tags must be a list of tags"),
        ("a: {suite: sid, tags: [x]}\na: {suite: sid, tags: [y]}\n", 2, "a: listed twice"),
        ("a: {suite: sid, tags: [x]\n", 2, "not valid YAML"),
        ("- nginx\n", 1, "give one entry per image"),
    ],
)
def test_a_mistake_is_one_error_naming_the_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    folder = _write(tmp_path, text)
    with pytest.raises(InputError) as raised:
        load_catalogue(folder)
    assert raised.value.path == folder / "images.yml" and raised.value.line == line
    assert message in str(raised.value) and "\n" not in str(raised.value)


CATALOGUE = load_catalogue(SITE.standins)


@pytest.mark.parametrize("standin", [s for s in CATALOGUE if s.built], ids=lambda s: s.name)
def test_a_version_tag_is_the_version_the_dockerfile_states(standin) -> None:
    """`nginx:1.30` must be an nginx 1.30.x: the version the Dockerfile sets (which the stand-in
    tests check against the program itself) starts with every version a tag names."""
    stated = VERSION_ENV.findall((standin.folder / "Dockerfile").read_text())
    versions = [match.group(1) for tag in standin.tags if (match := VERSION_TAG.match(tag))]
    if not stated:  # registry: no version in its environment; differences.md says which it is
        return
    (version,) = stated
    for tagged in versions:
        assert version == tagged or version.startswith(f"{tagged}."), f"{standin.name}:{tagged} is {version}"


@pytest.mark.parametrize("standin", CATALOGUE, ids=lambda s: s.name)
def test_each_disclosure_names_the_suite_and_version_it_was_built_from(standin) -> None:
    disclosure = (standin.folder / "differences.md").read_text()
    assert f"Debian {standin.suite}" in disclosure, standin.name
    for reference in standin.references:
        assert f"`{reference}`" in disclosure, f"{standin.name}: the disclosure lists its tags ({reference})"
    dockerfile = standin.folder / "Dockerfile"
    if dockerfile.is_file():
        assert "${DEBIAN_SUITE}" in dockerfile.read_text(), "the image's description names its suite"
        for version in VERSION_ENV.findall(dockerfile.read_text()):
            assert version in disclosure, f"{standin.name}: the disclosure states the version {version}"
