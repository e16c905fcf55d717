"""Named rules for what legitimately changes between two runs of the same snippet.

Masking is one pipeline of named rules applied to a snippet's output lines, in order: the
build steps are put in a fixed order, values that vary (IDs, times, an author's own
patterns) become placeholders, table padding is evened out, and runs of identical lines are
folded. Consistent rules number their values in order of first appearance across a page, so
an ID shown twice must come back as the same fresh ID twice, and a value that changes shape
no longer matches at all. A snippet may add its own rules and switch built-in ones off by
name (options.yml: `masks`, `unmask`). The site's table of rules is made from the built-in
rules (`BUILT_IN_RULES`); an installed package adds rules through the `recorder.mask_rules`
entry points (recorder.registry), one module and one line each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from recorder.registry import Registry

# Adjectives of Docker's container name generator: a generated name is ADJECTIVE_SURNAME.
NAME_ADJECTIVES = [
    "admiring",
    "adoring",
    "affectionate",
    "agitated",
    "amazing",
    "angry",
    "awesome",
    "beautiful",
    "blissful",
    "bold",
    "boring",
    "brave",
    "busy",
    "charming",
    "clever",
    "compassionate",
    "competent",
    "condescending",
    "confident",
    "cool",
    "cranky",
    "crazy",
    "dazzling",
    "determined",
    "distracted",
    "dreamy",
    "eager",
    "ecstatic",
    "elastic",
    "elated",
    "elegant",
    "eloquent",
    "epic",
    "exciting",
    "fervent",
    "festive",
    "flamboyant",
    "focused",
    "friendly",
    "frosty",
    "funny",
    "gallant",
    "gifted",
    "goofy",
    "gracious",
    "great",
    "happy",
    "hardcore",
    "heuristic",
    "hopeful",
    "hungry",
    "infallible",
    "inspiring",
    "intelligent",
    "interesting",
    "jolly",
    "jovial",
    "keen",
    "kind",
    "laughing",
    "loving",
    "lucid",
    "magical",
    "modest",
    "musing",
    "mystifying",
    "naughty",
    "nervous",
    "nice",
    "nifty",
    "nostalgic",
    "objective",
    "optimistic",
    "peaceful",
    "pedantic",
    "pensive",
    "practical",
    "priceless",
    "quirky",
    "quizzical",
    "recursing",
    "relaxed",
    "reverent",
    "romantic",
    "sad",
    "serene",
    "sharp",
    "silly",
    "sleepy",
    "stoic",
    "strange",
    "stupefied",
    "suspicious",
    "sweet",
    "tender",
    "thirsty",
    "trusting",
    "unruffled",
    "upbeat",
    "vibrant",
    "vigilant",
    "vigorous",
    "wizardly",
    "wonderful",
    "xenodochial",
    "youthful",
    "zealous",
    "zen",
]

GENERATED_NAME = re.compile(r"\b(?:" + "|".join(NAME_ADJECTIVES) + r")_[a-z]+\d?\b")

_TIMESTAMPS = [
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2}| UTC| [+-]\d{4})?",
    r"\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}",
    r"\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}",
    r"\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}(?:\.\d+)?",
    r"[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}(?: [A-Z]{3,4})? \d{4}",
]


REORDER, VALUE, TIDY = "reorder", "value", "tidy"
# The pipeline runs the stages in this order; within a stage, rules run as registered.
STAGES = (REORDER, VALUE, TIDY)


class Rule(Protocol):
    """One named step of the pipeline: it turns a snippet's lines into their masked form."""

    @property
    def name(self) -> str:
        """What `unmask` calls it."""
        ...

    @property
    def stage(self) -> str:
        """When it runs (STAGES): reordering lines, masking values, or tidying what is left."""
        ...

    @property
    def matches(self) -> str:
        """What it matches, in words, for the site's table of rules."""
        ...

    @property
    def becomes(self) -> str:
        """What it turns what it matches into, for the same table."""
        ...

    @property
    def why(self) -> str:
        """Why what it matches may change without the output being wrong."""
        ...

    def apply(self, lines: list[str], masker: Masker) -> list[str]: ...


@dataclass(frozen=True)
class MaskRule:
    """One kind of varying value: what it matches and what it becomes."""

    name: str
    pattern: re.Pattern[str]
    placeholder: str
    why: str
    consistent: bool = False
    key_length: int | None = None
    matches: str = ""
    stage: str = VALUE

    @property
    def becomes(self) -> str:
        return f"`<{self.placeholder}-N>`" if self.consistent else f"`<{self.placeholder}>`"

    def apply(self, lines: list[str], masker: Masker) -> list[str]:
        return [self.pattern.sub(lambda match: masker.placeholder(self, match.group()), line) for line in lines]


RULES: tuple[MaskRule, ...] = (
    MaskRule(
        "digest",
        re.compile(r"sha256:[0-9a-f]{64}\b"),
        "digest",
        "content digests change whenever an image or layer is rebuilt",
        consistent=True,
        matches="`sha256:` and 64 hexadecimal digits",
    ),
    MaskRule(
        "full-id",
        re.compile(r"\b[0-9a-f]{64}\b"),
        "id64",
        "container and image IDs are random or content-derived",
        consistent=True,
        key_length=12,
        matches="64 hexadecimal digits (a full container, image or volume ID)",
    ),
    MaskRule(
        "short-id",
        re.compile(r"\b[0-9a-f]{12}\b"),
        "id12",
        "short IDs are the first 12 characters of full IDs",
        consistent=True,
        key_length=12,
        matches="12 hexadecimal digits; numbered together with the full ID they start",
    ),
    MaskRule(
        "generated-name",
        GENERATED_NAME,
        "name",
        "Docker names an unnamed container at random",
        consistent=True,
        matches="an adjective of Docker's name generator, `_` and a surname (`lucid_ritchie`)",
    ),
    MaskRule(
        "timestamp",
        re.compile("|".join(f"(?:{pattern})" for pattern in _TIMESTAMPS)),
        "timestamp",
        "log lines and dates carry the time of the run",
        matches="dates with a time of day, in the formats of Docker, Nginx, Redis, Python and `date`",
    ),
    MaskRule(
        "relative-time",
        re.compile(r"\b(?:About an?|Less than a|\d+) (?:second|minute|hour|day|week|month|year)s?(?: ago)?"),
        "relative-time",
        "docker ps and docker images say how long ago something happened",
        matches="`15 seconds ago`, `About a minute`, `Less than a second` and the like",
    ),
    MaskRule(
        "transfer",
        re.compile(r"\b\d+(?:\.\d+)? ?[kKMG]?i?B/s\b|\beta \d+:\d{2}:\d{2}\b"),
        "transfer",
        "download speeds and estimates depend on the network",
        matches="speeds such as `1.2 MB/s` and estimates such as `eta 0:00:01`",
    ),
    MaskRule(
        "duration",
        re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:ms|s)\b"),
        "duration",
        "build steps and start-ups report how long they took",
        matches="a number followed by `s` or `ms` (`0.3s`, `15ms`)",
    ),
)

BUILD_STEP = re.compile(r"^\s*=> (?!=>)")
BUILD_DETAIL = re.compile(r"^\s*=> => ")


@dataclass(frozen=True)
class BuildStepOrder:
    """BuildKit lists steps that run at the same time in the order they happened to start."""

    name: str = "build-step-order"
    stage: str = "reorder"
    matches: str = (
        "a block of BuildKit `=>` step lines, each with its `=> =>` detail lines; "
        "the steps are compared sorted (by their masked text)"
    )
    becomes: str = "the same lines, the steps of each block sorted"
    why: str = (
        "steps that run at the same time are listed in the order they started, which varies; "
        "the order of the Dockerfile still shows in the `[n/m]` numbers of the steps"
    )

    def apply(self, lines: list[str], masker: Masker) -> list[str]:
        key = masker.sorting_key(exclude=self)
        result: list[str] = []
        block: list[list[str]] = []

        def flush() -> None:
            for step in sorted(block, key=lambda step: [key(line) for line in step]):
                result.extend(step)
            block.clear()

        for line in lines:
            if BUILD_STEP.match(line):
                block.append([line])
            elif BUILD_DETAIL.match(line) and block:
                block[-1].append(line)
            else:
                flush()
                result.append(line)
        flush()
        return result


LAYER_DOWNLOAD = re.compile(r"^\s*=> => (sha256:[0-9a-f]{64}) \S+ / \S+")
LAYER_EXTRACT = re.compile(r"^\s*=> => extracting (sha256:[0-9a-f]{64})")


@dataclass(frozen=True)
class BuildLayerOrder:
    """A build that pulls its base image lists the layers under FROM in the order they finish."""

    name: str = "build-layer-order"
    stage: str = "reorder"
    matches: str = (
        "a run of BuildKit detail lines under a `FROM` step that name the base image's layers "
        "(`=> => sha256:… 25.85MB / 25.85MB`, `=> => extracting sha256:…`)"
    )
    becomes: str = (
        "the same lines: the downloaded layers sorted (by their masked text), then the extracted ones in their order"
    )
    why: str = (
        "BuildKit downloads the layers at the same time and lists each as it starts or ends, so their "
        "order changes from run to run; layers are extracted one after another in the image's own "
        "order, which is still compared"
    )

    def apply(self, lines: list[str], masker: Masker) -> list[str]:
        key = masker.sorting_key(exclude=self)
        result: list[str] = []
        run: list[str] = []

        def flush() -> None:
            extracted = [match.group(1) for line in run if (match := LAYER_EXTRACT.match(line))]

            def order(line: str) -> tuple[str, int]:
                # Two layers of the same size have the same masked text: the order they are
                # extracted in decides, so their digests are numbered alike in every run.
                digest = LAYER_DOWNLOAD.match(line).group(1)  # type: ignore[union-attr]
                return key(line), extracted.index(digest) if digest in extracted else -1

            result.extend(sorted((line for line in run if LAYER_DOWNLOAD.match(line)), key=order))
            result.extend(line for line in run if LAYER_EXTRACT.match(line))
            run.clear()

        for line in lines:
            if LAYER_DOWNLOAD.match(line) or LAYER_EXTRACT.match(line):
                run.append(line)
                continue
            flush()
            result.append(line)
        flush()
        return result


LAYER_STATUS = re.compile(
    r"^\s*(?:\S\s+)?([0-9a-f]{12})(?::|\s)\s*"
    r"(?:Pull complete|Already exists|Download complete|Pushed|Layer already exists|Mounted from\b)"
)


@dataclass(frozen=True)
class LayerLineOrder:
    """On the containerd image store, docker pull and push list layers as each one gets going."""

    name: str = "layer-line-order"
    stage: str = "reorder"
    matches: str = (
        "a run of lines, one per layer, of `docker pull`, `docker push` or a Compose pull "
        "(`a8c398335cc1: Pull complete`, `… Pushed`, `✔ 6a2a0cb3e3d1 Already exists`)"
    )
    becomes: str = "`<layer-N>` for each layer's ID, the lines sorted (by their masked text) and numbered in that order"
    why: str = (
        "layers are downloaded and uploaded several at a time, and the containerd image store "
        "lists each one when its transfer starts, in an order that changes from run to run, and "
        "a layer or attestation the page builds gets a new ID in every run; how many layers "
        "there are and what happened to each is still compared"
    )

    def apply(self, lines: list[str], masker: Masker) -> list[str]:
        key = masker.sorting_key(exclude=self)
        result: list[str] = []
        run: list[str] = []
        for line in [*lines, None]:
            match = LAYER_STATUS.match(line) if line is not None else None
            if line is not None and match:
                run.append(f"{line[: match.start(1)]}<layer>{line[match.end(1) :]}")
                continue
            # Numbered after sorting, so that identical lines stay apart: the number of layers counts.
            result.extend(line.replace("<layer>", f"<layer-{n}>", 1) for n, line in enumerate(sorted(run, key=key), 1))
            run.clear()
            if line is not None:
                result.append(line)
        return result


# Compose's status line for a network or a volume (" ✔ Volume counter_data  Removed  0.1s").
COMPOSE_RESOURCE = re.compile(r"^\s*\S?\s*(?:Network|Volume) \S+")


@dataclass(frozen=True)
class ComposeResourceOrder:
    """Compose creates and removes a project's networks and volumes at the same time."""

    name: str = "compose-resource-order"
    stage: str = "reorder"
    matches: str = "adjacent Compose status lines of networks and volumes (`✔ Network …`, `✔ Volume …`)"
    becomes: str = "the same lines, sorted (by their masked text)"
    why: str = (
        "Compose works on a project's networks and volumes at once and prints each as it is done, "
        "so `down -v` says `Network … Removed` before or after `Volume … Removed`; containers keep "
        "their order, which follows `depends_on`"
    )

    def apply(self, lines: list[str], masker: Masker) -> list[str]:
        key = masker.sorting_key(exclude=self)
        result: list[str] = []
        run: list[str] = []
        for line in [*lines, None]:
            if line is not None and COMPOSE_RESOURCE.match(line):
                run.append(line)
                continue
            result.extend(sorted(run, key=key))
            run.clear()
            if line is not None:
                result.append(line)
        return result


@dataclass(frozen=True)
class MachineValue:
    """A value that describes the machine that ran the sandbox, masked where it appears exactly.

    The run reports the value (`PageRun.machine`, kept in recording.yml), so only that exact
    string is hidden: a container's own memory limit (`docker run -m 512m`) is still compared.
    """

    name: str
    fact: str
    placeholder: str
    matches: str
    why: str
    stage: str = VALUE

    @property
    def becomes(self) -> str:
        return f"`<{self.placeholder}>`"

    def apply(self, lines: list[str], masker: Masker) -> list[str]:
        value = masker.machine.get(self.fact)
        if not value:
            return lines
        exact = re.compile(rf"(?<![\w.]){re.escape(value)}(?![\w.])")
        return [exact.sub(f"<{self.placeholder}>", line) for line in lines]


TABLE_PADDING = re.compile(r" {2,}")


@dataclass(frozen=True)
class TablePadding:
    """Columns are as wide as their longest value, so the spaces between them vary."""

    name: str = "table-padding"
    stage: str = "tidy"
    matches: str = "two or more spaces in a row (between columns), and spaces at the end of a line"
    becomes: str = "two spaces; none at the end of a line"
    why: str = (
        "a column is as wide as its longest value, which masked values change; "
        "one space is never taken for two, so words still have to be apart as recorded"
    )

    def apply(self, lines: list[str], masker: Masker) -> list[str]:
        return [TABLE_PADDING.sub("  ", line.rstrip(" ")) for line in lines]


@dataclass(frozen=True)
class RepeatedLines:
    """A run of identical lines whose length depends on how long the command was watched."""

    name: str = "repeated-lines"
    stage: str = "tidy"
    matches: str = "a run of identical lines (after the other rules)"
    becomes: str = "one such line"
    why: str = (
        "a container that prints a line every second and is followed for a few seconds "
        "shows that line four times in one run and five in the next"
    )

    def apply(self, lines: list[str], masker: Masker) -> list[str]:
        return [line for number, line in enumerate(lines) if number == 0 or lines[number - 1] != line]


DOCKERIGNORE_STEP = "load .dockerignore"
CONTEXT_TRANSFER = re.compile(r"^(\s*=> => transferring context:)(?: \S+)?(?=\s|$)")


@dataclass(frozen=True)
class DockerignoreSize:
    """BuildKit's screen sometimes ends before the size of the .dockerignore transfer is drawn."""

    name: str = "dockerignore-size"
    stage: str = "tidy"
    matches: str = "the size on the `transferring context:` line under `load .dockerignore`, or its absence"
    becomes: str = "`<dockerignore-size>`"
    why: str = (
        "BuildKit draws that line once the transfer starts and its size once it ends; when the two "
        "come in one refresh, some runs show the line without its size (the build context's own "
        "size, on the line under `load build context`, is still compared)"
    )

    def apply(self, lines: list[str], masker: Masker) -> list[str]:
        return [
            CONTEXT_TRANSFER.sub(r"\1 <dockerignore-size>", line)
            if number and DOCKERIGNORE_STEP in lines[number - 1]
            else line
            for number, line in enumerate(lines)
        ]


INTERRUPT = "^C"


@dataclass(frozen=True)
class LineAfterInterrupt:
    """A followed command may print its next line between the Ctrl-C and its own end."""

    name: str = "line-after-interrupt"
    stage: str = "tidy"
    matches: str = "a line that is `^C` and then a copy of the line before it (after the other rules)"
    becomes: str = "`^C`"
    why: str = (
        "the terminal shows `^C` as soon as Ctrl-C is pressed; a line that the command prints "
        "before it has ended, a few milliseconds later, is shown after it in some runs"
    )

    def apply(self, lines: list[str], masker: Masker) -> list[str]:
        return [
            INTERRUPT if number and line == INTERRUPT + lines[number - 1] else line for number, line in enumerate(lines)
        ]


MEMORY_TOTAL = MachineValue(
    "memory-total",
    "memory_total",
    "memory-total",
    "the memory of the machine as Docker prints it (`23.54GiB`), exactly as the sandbox's engine reported it",
    "`docker info` and `docker stats` show the recording machine's memory; another machine has another total",
)

# Every built-in rule in the order it runs (the layers within a step before the steps, whose
# order compares their lines); a snippet's own masks run after the build steps are ordered
# (so their numbering does not depend on which step started first).
BUILT_IN_RULES: tuple[Rule, ...] = (
    LayerLineOrder(),
    BuildLayerOrder(),
    BuildStepOrder(),
    ComposeResourceOrder(),
    MEMORY_TOTAL,
    *RULES,
    DockerignoreSize(),
    TablePadding(),
    LineAfterInterrupt(),
    RepeatedLines(),
)
BUILT_IN = {rule.name: rule for rule in BUILT_IN_RULES}


def _not_a_rule(candidate: object) -> str | None:
    """Why an object registered as a mask rule cannot be one (None if it can)."""
    missing = [key for key in ("name", "stage", "matches", "becomes", "why") if not hasattr(candidate, key)]
    if not callable(getattr(candidate, "apply", None)):
        missing.append("apply(lines, masker)")
    if missing:
        return f"{type(candidate).__name__} has no {', '.join(missing)}"
    stage = getattr(candidate, "stage", None)
    if stage not in STAGES:
        return f"its stage is {stage!r}, not one of {', '.join(STAGES)}"
    return None


# Built-ins and the rules installed packages register (entry points "recorder.mask_rules").
MASK_RULES: Registry[Rule] = Registry("recorder.mask_rules", "mask rule", BUILT_IN_RULES, _not_a_rule)


def pipeline() -> tuple[Rule, ...]:
    """Every rule, stage by stage."""
    return snippet_pipeline()


def snippet_pipeline(own: Iterable[Rule] = (), unmask: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The rules for one snippet: the rules it keeps, stage by stage, with its own (values)
    first among the values, after every line has been reordered."""
    off = set(unmask)
    kept = [rule for rule in MASK_RULES.all() if rule.name not in off]
    ordered: list[Rule] = []
    for stage in STAGES:
        if stage == VALUE:
            ordered += own
        ordered += [rule for rule in kept if rule.stage == stage]
    return tuple(ordered)


@dataclass
class Masker:
    """Masks the outputs of one page in order, numbering consistent values as it goes.

    `rules` are the current snippet's (`with_rules` gives a masker for the next snippet that
    keeps the page's numbering); `machine` holds what the run learnt about its machine (the
    memory total) for the rules that hide exactly that value.
    """

    rules: tuple[Rule, ...] = field(default_factory=pipeline)
    machine: Mapping[str, str] = field(default_factory=dict)
    numbers: dict[str, dict[str, int]] = field(default_factory=dict)

    def with_rules(self, rules: tuple[Rule, ...]) -> Masker:
        return Masker(rules, self.machine, self.numbers)

    def mask(self, text: str) -> list[str]:
        lines = text.splitlines()
        for rule in self.rules:
            lines = rule.apply(lines, self)
        return lines

    def placeholder(self, rule: MaskRule, value: str) -> str:
        if not rule.consistent:
            return f"<{rule.placeholder}>"
        space = "id" if rule.key_length else rule.placeholder
        key = value[: rule.key_length] if rule.key_length else value
        numbers = self.numbers.setdefault(space, {})
        number = numbers.setdefault(key, len(numbers) + 1)
        return f"<{rule.placeholder}-{number}>"

    def sorting_key(self, exclude: Rule) -> Callable[[str], str]:
        """How a line compares when lines are put in order: masked by the other rules, with
        numbering of its own, so the order never depends on which value came first."""
        others = tuple(rule for rule in self.rules if rule is not exclude)
        return lambda line: "\n".join(Masker(others, self.machine).mask(line))
