"""Named rules for what legitimately changes between two runs of the same snippet.

Each rule replaces what it matches with a placeholder. Consistent rules number their values
in order of first appearance across a page, so an ID shown twice must come back as the same
fresh ID twice, and a value that changes shape no longer matches at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class MaskRule:
    """One kind of varying value: what it matches and what it becomes."""

    name: str
    pattern: re.Pattern[str]
    placeholder: str
    why: str
    consistent: bool = False
    key_length: int | None = None


RULES: tuple[MaskRule, ...] = (
    MaskRule(
        "digest",
        re.compile(r"sha256:[0-9a-f]{64}\b"),
        "digest",
        "content digests change whenever an image or layer is rebuilt",
        consistent=True,
    ),
    MaskRule(
        "full-id",
        re.compile(r"\b[0-9a-f]{64}\b"),
        "id64",
        "container and image IDs are random or content-derived",
        consistent=True,
        key_length=12,
    ),
    MaskRule(
        "short-id",
        re.compile(r"\b[0-9a-f]{12}\b"),
        "id12",
        "short IDs are the first 12 characters of full IDs",
        consistent=True,
        key_length=12,
    ),
    MaskRule(
        "generated-name",
        GENERATED_NAME,
        "name",
        "Docker names an unnamed container at random",
        consistent=True,
    ),
    MaskRule(
        "timestamp",
        re.compile("|".join(f"(?:{pattern})" for pattern in _TIMESTAMPS)),
        "timestamp",
        "log lines and dates carry the time of the run",
    ),
    MaskRule(
        "relative-time",
        re.compile(r"\b(?:About an?|Less than a|\d+) (?:second|minute|hour|day|week|month|year)s?(?: ago)?"),
        "relative-time",
        "docker ps and docker images say how long ago something happened",
    ),
    MaskRule(
        "transfer",
        re.compile(r"\b\d+(?:\.\d+)? ?[kKMG]?i?B/s\b|\beta \d+:\d{2}:\d{2}\b"),
        "transfer",
        "download speeds and estimates depend on the network",
    ),
    MaskRule(
        "duration",
        re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:ms|s)\b"),
        "duration",
        "build steps and start-ups report how long they took",
    ),
)

TABLE_PADDING = re.compile(r" {2,}")
BUILD_STEP = re.compile(r"^\s*=> (?!=>)")
BUILD_DETAIL = re.compile(r"^\s*=> => ")


def order_build_steps(lines: list[str], key: Callable[[str], str]) -> list[str]:
    """Rule "build-step-order": BuildKit lists steps that run at the same time in the order
    they happened to start, which varies from run to run. Within each block of `=>` lines the
    steps (a step line with its `=> =>` detail lines) are put in a fixed order; the order of
    the Dockerfile still shows in the `[n/m]` numbers of the steps.
    """
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


@dataclass
class Masker:
    """Masks the outputs of one page in order, numbering consistent values as it goes."""

    numbers: dict[str, dict[str, int]] = field(default_factory=dict)

    def mask_line(self, line: str) -> str:
        for rule in RULES:
            line = rule.pattern.sub(lambda match, rule=rule: self._placeholder(rule, match.group()), line)
        return TABLE_PADDING.sub("  ", line.rstrip())

    def mask(self, text: str) -> list[str]:
        """Masked lines in a fixed build-step order; rule "repeated-lines": a run of identical
        lines is folded into one, since timing decides its length."""
        lines: list[str] = []
        for line in order_build_steps(text.splitlines(), key=Masker().mask_line):
            masked = self.mask_line(line)
            if not lines or lines[-1] != masked:
                lines.append(masked)
        return lines

    def _placeholder(self, rule: MaskRule, value: str) -> str:
        if not rule.consistent:
            return f"<{rule.placeholder}>"
        space = "id" if rule.key_length else rule.placeholder
        key = value[: rule.key_length] if rule.key_length else value
        numbers = self.numbers.setdefault(space, {})
        number = numbers.setdefault(key, len(numbers) + 1)
        return f"<{rule.placeholder}-{number}>"
