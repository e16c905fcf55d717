"""Where each image the pages pull comes from: Docker Hub's official image, or our stand-in.

The site's catalogue (`images.yml` in the folder [tool.recorder] `standins` names; this
repository's is `images/standins/`) names each image, the Debian suite its stand-in
is built from and the tags it is pushed as. A stand-in's folder beside it holds its Dockerfile
(debian has none: its stand-in is the base of its suite itself) and `differences.md`, its known
differences from the official image.

Which source to use is chosen per image. A recording says which it used (recording.yml's
`images`), so by default `check` compares like with like, and says so in one line when this
machine could have used the other source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from recorder.errors import EngineError, InputError
from recorder.origins import OFFICIAL, STAND_IN, Origin

AUTO = "auto"  # official where Docker Hub answers, stand-ins elsewhere
RECORDED = "recorded"  # the source each image was recorded with
MODES = (AUTO, OFFICIAL, STAND_IN, RECORDED)
CATALOGUE_FILE = "images.yml"
DIFFERENCES_FILE = "differences.md"
ENTRY_KEYS = ("suite", "tags")
SUITE_NAME = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class StandIn:
    """An image the pages pull, the tags it is pushed as, and its stand-in: folder and Debian suite."""

    name: str
    tags: tuple[str, ...]
    folder: Path
    suite: str

    @property
    def origin(self) -> Origin:
        """What recording.yml and the page's provenance line say of this stand-in."""
        return Origin.stand_in(self.suite)

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(f"library/{self.name}:{tag}" for tag in self.tags)

    @property
    def references(self) -> tuple[str, ...]:
        """How pages and recording.yml name it: `nginx:latest`."""
        return tuple(f"{self.name}:{tag}" for tag in self.tags)

    @property
    def built(self) -> bool:
        """Whether the stand-in is built from a Dockerfile (else it is the base of its suite)."""
        return (self.folder / "Dockerfile").is_file()

    def origin_of(self, kind: str) -> Origin:
        return Origin(OFFICIAL) if kind == OFFICIAL else self.origin


def load_catalogue(standins_dir: Path) -> list[StandIn]:
    """The catalogue's images in file order; a mistake is one error naming the file and line.

    Each entry is `NAME: {suite: SUITE, tags: [TAG, ...]}`. The file is read as YAML nodes,
    not values, so that every error can say on which line it is.
    """
    path = standins_dir / CATALOGUE_FILE
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise InputError(path, line, f"not valid YAML: {getattr(error, 'problem', error)}") from None
    if root is None:
        return []
    if not isinstance(root, MappingNode):
        raise InputError(path, _line(root), "give one entry per image: NAME: {suite: SUITE, tags: [TAG, ...]}")
    catalogue: dict[str, StandIn] = {}
    for key, value in root.value:
        name = str(key.value)
        if name in catalogue:
            raise InputError(path, _line(key), f"{name}: listed twice")
        suite, tags = _entry(path, name, value)
        catalogue[name] = StandIn(name, tags, standins_dir / name, suite)
    return list(catalogue.values())


def _entry(path: Path, name: str, node: Node) -> tuple[str, tuple[str, ...]]:
    """One image's suite and tags, checked field by field."""
    if not isinstance(node, MappingNode):
        raise InputError(
            path,
            _line(node),
            f"{name}: give {{suite: SUITE, tags: [TAG, ...]}}, such as {{suite: trixie, tags: [latest, '1.30']}}",
        )
    fields = {str(key.value): (key, value) for key, value in node.value}
    for field, (key, _) in fields.items():
        if field not in ENTRY_KEYS:
            raise InputError(path, _line(key), f"{name}: unknown field '{field}' (known: {', '.join(ENTRY_KEYS)})")
    missing = [field for field in ENTRY_KEYS if field not in fields]
    if missing:
        raise InputError(path, _line(node), f"{name}: missing {' and '.join(missing)}")
    suite = fields["suite"][1]
    if not isinstance(suite, ScalarNode) or not SUITE_NAME.fullmatch(str(suite.value)):
        raise InputError(path, _line(suite), f"{name}: suite must be a Debian suite's name, such as trixie or forky")
    tags = fields["tags"][1]
    if (
        not isinstance(tags, SequenceNode)
        or not tags.value
        or not all(isinstance(tag, ScalarNode) and str(tag.value) for tag in tags.value)
    ):
        raise InputError(path, _line(tags), f"{name}: tags must be a list of tags, such as [latest, '1.30']")
    return str(suite.value), tuple(str(tag.value) for tag in tags.value)


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def kind_of(origin: str) -> str:
    """`official` or `stand-in`, from what recording.yml says of an image."""
    return Origin.parse(origin).source


def recorded_kinds(
    catalogue: Iterable[StandIn], recordings: Mapping[str, Mapping[str, str]]
) -> dict[str, dict[str, list[str]]]:
    """For each image name, the kinds the recordings used and the pages that used each.

    `recordings` maps a page to its recording.yml `images` (reference -> origin).
    """
    owner = {reference: standin.name for standin in catalogue for reference in standin.references}
    found: dict[str, dict[str, list[str]]] = {}
    for page, images in sorted(recordings.items()):
        for reference, origin in (images or {}).items():
            if reference in owner:
                pages = found.setdefault(owner[reference], {}).setdefault(kind_of(origin), [])
                if page not in pages:
                    pages.append(page)
    return found


class Hub:
    """Whether Docker Hub answers, asked at most once and only when a choice depends on it.

    The probe costs up to seconds where Docker Hub is out of reach, and a run whose every image
    is known and cached needs no answer at all, so nothing asks before it must.
    """

    def __init__(self, probe: Callable[[], bool]) -> None:
        self._probe = probe
        self._answer: bool | None = None

    def answers(self) -> bool:
        if self._answer is None:
            self._answer = self._probe()
        return self._answer

    @property
    def asked(self) -> bool:
        return self._answer is not None


@dataclass(frozen=True)
class SourceChoice:
    """The kind chosen for each image, and at most one line telling the user about it."""

    kinds: dict[str, str]
    note: str | None = None


def choose_sources(
    names: list[str], mode: str, hub: Hub, recorded: Mapping[str, Mapping[str, list[str]]]
) -> SourceChoice:
    """Choose official or stand-in for every image name, as `mode` asks and this machine allows.

    Docker Hub is asked only where the answer decides: `auto`, `official`, and under `recorded`
    an image no page was recorded with, or one recorded from Docker Hub.
    """
    if mode == OFFICIAL and not hub.answers():
        raise EngineError("--image-source official needs Docker Hub, which does not answer from this machine")
    if mode in (OFFICIAL, STAND_IN):
        kinds = dict.fromkeys(names, mode)
        return SourceChoice(kinds, _differs_from_recordings(kinds, recorded))
    if mode == AUTO:
        return SourceChoice(dict.fromkeys(names, OFFICIAL if hub.answers() else STAND_IN))
    kinds = {}
    for name in names:
        used = recorded.get(name, {})
        if len(used) > 1:
            pages = "; ".join(f"{kind}: {', '.join(pages)}" for kind, pages in sorted(used.items()))
            raise EngineError(
                f"pages were recorded with {name} from different sources ({pages}); check them separately with --page"
            )
        kinds[name] = next(iter(used)) if used else (OFFICIAL if hub.answers() else STAND_IN)
    official_wanted = sorted(name for name, kind in kinds.items() if kind == OFFICIAL)
    if official_wanted and not hub.answers():
        raise EngineError(
            f"the pages were recorded with the official {', '.join(official_wanted)} but Docker Hub does not "
            "answer from this machine; --image-source stand-in checks against stand-ins (outputs will differ)"
        )
    standins = sorted(name for name, kind in kinds.items() if kind == STAND_IN and name in recorded)
    note = None
    if hub.asked and hub.answers() and standins:
        note = (
            f"Docker Hub answers, but the recordings used stand-ins for {', '.join(standins)}: using the "
            "stand-ins to compare like with like (--image-source official uses the official images)"
        )
    return SourceChoice(kinds, note)


def _differs_from_recordings(kinds: Mapping[str, str], recorded: Mapping[str, Mapping[str, list[str]]]) -> str | None:
    """One line when an explicit choice is not what the recordings used: expect drift there."""
    other = sorted(name for name, kind in kinds.items() if recorded.get(name) and kind not in recorded[name])
    if not other:
        return None
    return (
        f"the recordings used other sources for {', '.join(other)}: using {next(iter(kinds.values()))} images "
        "as asked, so their outputs may differ from the recordings"
    )
