"""Every tag the pages pull shows one image across the whole site.

The pages are recorded from one provisioning, so `python:3.13-slim-trixie` must show the same
digest (and, on the containerd image store, the same image ID) on every page; pages recorded
from different stand-in builds would show a reader one tag as several images. What an output
shows of an image the catalogue provides: the digest of a pull (`Digest:` before `Status:
Downloaded newer image for TAG`), the digest BuildKit resolves a `FROM` to, and the image ID
that `docker images` lists for it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from helpers import ROOT, SITE
from recorder.provision.sources import load_catalogue

PULLED = re.compile(r"^Digest: sha256:([0-9a-f]{64})\nStatus: Downloaded newer image for (\S+)$", re.MULTILINE)
RESOLVED = re.compile(r"(?:FROM|resolve) docker\.io/library/(\S+?)@sha256:([0-9a-f]{64})")
LISTED = re.compile(r"^(\S+)\s+(\S+)\s+([0-9a-f]{12})\s", re.MULTILINE)
PROVIDED = {reference for standin in load_catalogue(SITE.standins) for reference in standin.references}


def _reference(name: str) -> str:
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


def images_by_tag(snippets: Path) -> dict[str, dict[str, set[str]]]:
    """For each provided tag, every digest (or image ID, 12 digits) shown for it, with where."""
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in sorted(snippets.glob("*/*.out")):
        text = path.read_text(encoding="utf-8")
        where = f"{path.parent.name}/{path.stem}"
        shown = [(_reference(ref), digest) for digest, ref in PULLED.findall(text)]
        shown += [(_reference(ref), digest) for ref, digest in RESOLVED.findall(text)]
        for reference, digest in shown:
            seen[reference][digest].add(where)
        if text.startswith("REPOSITORY "):
            for repository, tag, image_id in LISTED.findall(text):
                seen[f"{repository}:{tag}"][f"id {image_id}"].add(where)
    return {reference: dict(values) for reference, values in seen.items() if reference in PROVIDED}


def several_images(seen: dict[str, dict[str, set[str]]]) -> dict[str, dict[str, set[str]]]:
    """The tags shown as more than one image: more than one digest, or an image ID that no digest starts with."""
    found = {}
    for reference, values in seen.items():
        digests = [value for value in values if not value.startswith("id ")]
        ids = {value.removeprefix("id ") for value in values} - set(digests)
        if len(digests) > 1 or any(not digest.startswith(image_id) for digest in digests for image_id in ids):
            found[reference] = values
    return found


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.out").write_text(text)


PULL = "Digest: sha256:{}\nStatus: Downloaded newer image for nginx:1.30\n"


def test_two_digests_for_one_tag_are_found_with_their_pages(tmp_path: Path) -> None:
    _write(tmp_path / "nginx", "01-run", PULL.format("a" * 64))
    _write(tmp_path / "networks", "14-web", PULL.format("b" * 64))
    found = several_images(images_by_tag(tmp_path))
    assert found == {"nginx:1.30": {"a" * 64: {"nginx/01-run"}, "b" * 64: {"networks/14-web"}}}


def test_a_build_from_another_image_or_a_listed_id_of_another_image_is_found(tmp_path: Path) -> None:
    _write(tmp_path / "nginx", "01-run", PULL.format("a" * 64))
    _write(
        tmp_path / "dockerfile", "02-build", f" => [1/4] FROM docker.io/library/nginx:1.30@sha256:{'c' * 64}  0.1s\n"
    )
    assert set(several_images(images_by_tag(tmp_path))) == {"nginx:1.30"}
    _write(
        tmp_path / "dockerfile", "02-build", f" => [1/4] FROM docker.io/library/nginx:1.30@sha256:{'a' * 64}  0.1s\n"
    )
    assert several_images(images_by_tag(tmp_path)) == {}
    _write(
        tmp_path / "dockerfile",
        "03-images",
        "REPOSITORY   TAG   IMAGE ID   CREATED   SIZE\nnginx   1.30   dddddddddddd   2 hours ago   1MB\n",
    )
    assert set(several_images(images_by_tag(tmp_path))) == {"nginx:1.30"}


def test_every_tag_shows_one_image_across_the_site() -> None:
    seen = images_by_tag(ROOT / "snippets")
    assert {"python:3.13-slim-trixie", "nginx:1.30", "debian:latest", "redis:8"} <= set(seen)
    assert several_images(seen) == {}
