"""Prose never says more than the recordings beside it show.

Three checks on the pages:
- a volatile value (ID, digest, generated name) in the prose appears in the page's outputs;
- a count, size, version or duration stated in the prose appears in what the page shows (its
  outputs, its commands and its files), unless STATED_FACTS lists it with the reason it is a
  stable fact rather than something the recordings show;
- every command the terminology table promises is run by some snippet of the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from helpers import ROOT
from recorder.compare.masks import LAYER_STATUS, RULES
from recorder.site.pages import INCLUDE, Project, load_pages

DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
VOLATILE = [rule for rule in RULES if rule.consistent]
# Pages that are about the recorder rather than Docker: their numbers describe the tool.
NOT_TUTORIAL = {"how-outputs-are-made", "writing-a-page"}

# Stable facts a page may state although no output of the page shows them, each with why.
STATED_FACTS: dict[str, dict[str, str]] = {
    "index": {
        "2013": "the year Docker was first released",
    },
    "best-practices": {
        "1.30": "the tag nginx:1.30, Nginx's stable series",
        "Debian 14": "the number of Debian's next release, forky",
        "Docker 29": "the release whose docker images has the new default view",
        "Redis 8.6": "the version of today's official redis image, which declares no volume",
        "four layers": "the registry stand-in's layers, all listed by the Sharing page's pull",
        "five layers": "the official registry:3's layers, one per file-changing step of its Dockerfile",
    },
    "nginx": {
        "Debian 13": "the release the official nginx:1.30 image is built on (debian:trixie-slim)",
    },
    "compose": {
        "Redis 8.6.3": "the version of the redis stand-in, stated in its disclosure",
    },
    "networks": {
        "Redis 8.6.3": "the version of the redis stand-in, stated in its disclosure",
    },
    "dockerfile": {
        "Debian 13": "the release the tag -trixie names",
        "Docker 28": "the last Docker release whose fresh installs use the classic image store",
        "Docker 29": "the release whose docker images has the new default view",
        "Docker Engine 29": "the first release with the containerd image store as the default",
    },
    "python-sdk": {
        "128": "128 plus a signal number is how a shell reports death by a signal",
        "15": "the number of SIGTERM",
        "1970": "the Unix epoch, where time.time() counts from",
        "668": "the number of the PEP that marks a system Python as externally managed",
        "Docker 29": "the release whose docker images has the new default view",
        "Docker Engine 29": "the first release with the containerd image store as the default",
        "Ubuntu 24.04": "the first Ubuntu LTS that refuses pip install outside a virtual environment",
    },
    "sharing": {
        "12": "macOS 12, the first release whose AirPlay Receiver listens on port 5000",
        "2.8": "the version of Distribution that Debian packages",
    },
    "troubleshooting": {
        "5000": "the port AirPlay Receiver holds on a Mac",
        "Docker 28": "the last release with the old wording of the connection errors",
        "Docker 29": "the release that reworded the connection errors",
    },
    "installation": {
        "29": "Docker Engine 29, the current major release",
        "4.34": "the Docker Desktop release that made the containerd image store the default",
        "Docker 29": "the current major release of Docker",
        "Docker 29.2.1": "the version in the cited report of the reworded error",
        "Docker Engine 26.1": "the Docker of Debian 13",
        "Docker Engine 29": "the current major release of Docker",
        "Docker Engine 29.0": "the release that made the containerd image store the default",
        "Debian 12": "the release whose docker-compose package is Compose v1",
        "Debian 13": "the first Debian release that packages Compose v2 as docker-compose",
        "Ubuntu 24.04": "the first Ubuntu LTS with docker-compose-v2",
        "Compose v2": "the name of the plugin generation, not a recorded version",
        "Compose v1": "the name of the old Python tool",
        "Docker Engine 23": "the release that made Buildx the default builder",
        "Windows 10": "Docker Desktop's system requirement",
        "Windows 11": "Docker Desktop's system requirement",
        "WSL 2": "the name of Windows' Linux subsystem",
        "250": "Docker Desktop's licence terms (fewer than 250 employees)",
        "64": "Docker Desktop needs a 64-bit Windows",
    },
    "running": {
        "Docker 23": "the release from which docker volume prune removes anonymous volumes only",
        "30 seconds": "the default --interval and --timeout of HEALTHCHECK",
        "5 seconds": "the default --start-interval of HEALTHCHECK",
        "Docker 29": "the release whose defaults the page Docker 29 and Docker Desktop describes",
    },
    "hello-world": {
        "128": "128 plus a signal number is how a shell reports death by a signal",
        "9": "the number of SIGKILL",
    },
    "webapp-watch": {
        "Compose 2.22": "the first Compose release with the develop section (Compose file reference)",
        "2.23": "Compose 2.23, the first release with the sync+restart action (Compose file reference)",
    },
    "terminology": {
        "8080": "the example port of -p 8080:80, as drawn in the diagram",
        "80": "the container port of that example",
        "3.13": "the tag of the example image name python:3.13-slim, the one the examples use",
    },
}
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
}
SIZE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?) ?(B|kB|KB|MB|GB|TB|KiB|MiB|GiB)\b")
_WORDS = "|".join(NUMBER_WORDS)
_TIME_UNIT = r"(?:seconds?|minutes?|hours?)\b"
DURATION = re.compile(
    rf"(?<![\w.])(\d+(?:\.\d+)?) ?(?:ms\b|s\b|{_TIME_UNIT})|\b({_WORDS})(?:\s+|-){_TIME_UNIT}",
    re.IGNORECASE,
)
PRODUCTS = r"Docker Engine|Docker|Debian|Ubuntu|Python|Compose|Buildx|Redis|Nginx|Flask|Gunicorn|pip|Windows|WSL"
NAMED_VERSION = re.compile(rf"\b({PRODUCTS}) (v?\d+(?:\.\d+)*)\b")
DOTTED = re.compile(r"(?<![\w.:/=-])(\d+(?:\.\d+)+)(?![\w.]*\d)")
# A number word counts something an output could show when one of these nouns follows it
# closely ("three curl requests"); "two forms of Docker" is not about any output.
SHOWN_THINGS = (
    "line|layer|container|image|request|greeting|step|volume|network|tag|repository|process|"
    "worker|file|folder|package|visit|visitor|time|second|minute|character|byte"
)
# "It has five layers": backed by an output that lists that many layers (a pull or a push).
LAYER_COUNT = re.compile(rf"\b({_WORDS}|\d+)\s+layers?\b", re.IGNORECASE)
COUNT = re.compile(rf"\b({_WORDS})\b(?=(?:\s+[\w`'-]+){{0,2}}?\s+(?:{SHOWN_THINGS})s?\b)", re.IGNORECASE)
INTEGER = re.compile(r"(?<![\w.:/=@#-])(\d+)(?![\w.:/%-]*\d)")
YEAR = re.compile(r"^(?:19|20)\d\d$")
# What is not prose: image descriptions (the picture shows it), link targets, page names such as
# "Example 2", HTML tags, attribute lists, keys, list and annotation numbers, block options.
NOT_PROSE = [
    re.compile(r"!\[[^\]]*\]\([^)]*\)"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"\bExample \d+"),
    re.compile(r"<[^>]+>"),
    re.compile(r"\{[^}]*\}"),
    re.compile(r"\+\+[\w+]+\+\+"),
    re.compile(r"^\s*\d+\.\s", re.MULTILINE),
    re.compile(r"^\s*(?:type|open):.*$", re.MULTILINE),
]


@dataclass(frozen=True)
class Claim:
    """A number the prose states: what it says (as written) and what would back it."""

    text: str
    kind: str
    value: str


def volatile_values(text: str) -> set[str]:
    """Every value in text that a consistent mask would hide, taken in the masks' order."""
    values = set()
    for rule in VOLATILE:
        values |= set(rule.pattern.findall(text))
        text = rule.pattern.sub(" ", text)
    return values


def unbacked_values(prose: str, outputs: str) -> set[str]:
    return {value for value in volatile_values(prose) if value not in outputs}


def prose_of(markdown: str) -> str:
    """The sentences of a page: no include lines, no link targets, no markup."""
    text = "\n".join(line for line in markdown.splitlines() if not INCLUDE.match(line))
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


def _number(word: str) -> str:
    return str(NUMBER_WORDS.get(word.lower(), word))


def claims(prose: str) -> list[Claim]:
    """The counts, sizes, versions and durations the prose states, each taken once, sizes first."""
    found: list[Claim] = []

    def take(pattern: re.Pattern[str], make) -> None:
        nonlocal prose
        for match in pattern.finditer(prose):
            claim = make(match)
            if claim:
                found.append(claim)
        prose = pattern.sub(" ", prose)

    take(SIZE, lambda m: Claim(m.group(0), "size", m.group(1) + m.group(2)))
    take(DURATION, lambda m: Claim(m.group(0), "duration", _number(m.group(1) or m.group(2))))
    take(NAMED_VERSION, lambda m: Claim(m.group(0), "version", m.group(2).lstrip("v")))
    take(DOTTED, lambda m: Claim(m.group(0), "version", m.group(1)))
    take(LAYER_COUNT, lambda m: Claim(m.group(0), "layers", _number(m.group(1))))
    take(COUNT, lambda m: Claim(m.group(0), "count", _number(m.group(1))))
    take(INTEGER, lambda m: None if YEAR.match(m.group(1)) else Claim(m.group(0), "count", m.group(1)))
    return found


def backed(claim: Claim, shown: str, outputs: list[str]) -> bool:
    """Whether what the page shows contains the claim's value in a form of the same kind."""
    value = re.escape(claim.value)
    if claim.kind == "layers":
        return any(
            sum(bool(LAYER_STATUS.match(line)) for line in out.splitlines()) == int(claim.value) for out in outputs
        )
    if claim.kind == "size":
        number, unit = re.match(r"([\d.]+)(.*)", claim.value).groups()
        return re.search(rf"(?<![\w.]){re.escape(number)} ?{re.escape(unit)}\b", shown) is not None
    if claim.kind == "duration":
        words = "|".join([value, *(word for word, number in NUMBER_WORDS.items() if str(number) == claim.value)])
        seconds = rf"(?<![\w.])(?:{words})(?:\.\d+)? ?(?:ms|s|seconds?|minutes?)\b"
        shell_time = rf"\dm0?{value}\.\d+s\b"
        sleep = rf"\bsleep {value}\b"
        return re.search(f"{seconds}|{shell_time}|{sleep}", shown, re.IGNORECASE) is not None
    # A version may be shown more precisely than stated (3.13 by 3.13.5); a count only as itself.
    after = r"(?!\w)" if claim.kind == "version" else r"(?![\w]|\.\d)"
    if re.search(rf"(?<![\w.]){value}{after}", shown):
        return True
    # A count may also be the number of lines of one output ("one line for each of three requests").
    return claim.kind == "count" and any(len(out.strip().splitlines()) == int(claim.value) for out in outputs)


def unbacked_claims(page: str, prose: str, shown: str, outputs: list[str]) -> list[str]:
    facts = STATED_FACTS.get(page, {})
    return sorted(
        {
            claim.text
            for claim in claims(prose)
            if claim.text not in facts and claim.value not in facts and not backed(claim, shown, outputs)
        }
    )


def tutorial_pages() -> list[str]:
    return sorted(path.stem for path in DOCS.glob("*.md") if path.stem not in NOT_TUTORIAL)


def shown_on(page: str) -> tuple[str, list[str]]:
    """What a page shows besides its prose: outputs, commands and files, and the outputs alone."""
    folder = SNIPPETS / page
    if not folder.is_dir():
        return "", []
    outputs = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.out"))]
    commands = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.sh"))]
    files = [
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted((folder / "files").rglob("*"))
        if path.is_file()
    ]
    return "\n".join(outputs + commands + files), outputs


def test_a_made_up_id_or_name_in_prose_is_caught() -> None:
    outputs = "3883bc830501   debian   lucid_ritchie\n"
    assert unbacked_values("Remove lucid_ritchie, ID 3883bc830501.", outputs) == set()
    assert unbacked_values("Remove hopeful_turing, ID 9f00bc830501.", outputs) == {"hopeful_turing", "9f00bc830501"}
    assert unbacked_values("Its digest is sha256:" + "a" * 64, outputs) == {"sha256:" + "a" * 64}


@pytest.mark.parametrize("page", load_pages(Project(ROOT)), ids=lambda page: page.name)
def test_page_prose_states_only_recorded_volatile_values(page) -> None:
    prose = "\n".join(line for line in page.doc_path.read_text().splitlines() if not INCLUDE.match(line))
    outputs = "".join(p.read_text() for p in sorted(page.folder.glob("*.out")))
    assert unbacked_values(prose, outputs) == set()


@pytest.mark.parametrize(
    ("prose", "shown", "unbacked"),
    [
        # Sizes: as Docker writes them, with or without a space.
        ("Both write a 50 MB file.", "RUN head -c 50000000   50MB", []),
        ("The image takes 269MB.", "python   3.13-slim   220MB", ["269MB"]),
        # Durations: digits, words, and the shell's `time` format.
        ("Docker waits ten seconds.", "real    0m10.187s", []),
        ("Docker waits ten seconds.", "real    0m0.312s", ["ten seconds"]),
        ("the log for three seconds", "Three seconds are over.", []),
        ("tens of seconds to boot", "", []),
        ("prints the date every two\n    seconds", "while true; do date; sleep 2; done", []),
        ("prints the date every five seconds", "while true; do date; sleep 2; done", ["five seconds"]),
        ("during the first 30 seconds", "start_period: 30s", []),
        ("The build took 2.4s.", "[+] Building 3.1s (9/9) FINISHED", ["2.4s"]),
        # Versions: named or dotted.
        (
            "Docker Engine 26.1.5 with Compose 2.26",
            "Docker version 28.5.2, Docker Compose version 2.40.3",
            ["Compose 2.26", "Docker Engine 26.1.5"],
        ),
        ("Python 3.13 runs it.", "Greetings from Python 3.13.5.", []),
        ("Debian 12 ships it.", "13.8", ["Debian 12"]),
        # Counts: the number is in an output, or an output has that many lines.
        ("Two greetings: the file survived.", "holds 2 greeting(s)", []),
        ("Five layers were pulled.", "a: Pull complete\nb: Pull complete", ["Five layers"]),
        # Layers: an output lists that many (pull or push lines), wherever the number appears.
        ("It has two layers.", "0123456789ab: Pull complete\nba9876543210: Pull complete\nDigest: 2", []),
        ("It has three layers.", "0123456789ab: Pull complete\nba9876543210: Pull complete\n3 lines", ["three layers"]),
        ("Docker comes in two forms.", "", []),
        ("one line for each of our three requests", "GET /\nGET /missing\nGET /", []),
        ("status 137", "Exited (137) 2 seconds ago", []),
        ("exit code 143", "Exit code: 0", ["143"]),
        # Not claims: years, list numbers, link targets.
        ("Docker appeared in 2013. Example 2 serves a page.", "", []),
        ("![Three VMs side by side](vms.svg)", "", []),
        ("1.  An annotation. See [here](page.md#step-2).", "", []),
    ],
)
def test_a_stated_number_no_output_shows_is_caught(prose: str, shown: str, unbacked: list[str]) -> None:
    outputs = [shown]
    assert unbacked_claims("a-page", prose_of(prose), shown, outputs) == unbacked


@pytest.mark.parametrize("page", tutorial_pages())
def test_page_prose_states_only_numbers_its_recordings_show(page: str) -> None:
    prose = prose_of((DOCS / f"{page}.md").read_text(encoding="utf-8"))
    shown, outputs = shown_on(page)
    unbacked = unbacked_claims(page, prose, shown, outputs)
    assert not unbacked, (
        f"docs/{page}.md states {unbacked}, which no output, command or file of the page shows: "
        "say less, record it, or list it in STATED_FACTS with the reason it is a stable fact"
    )


TERMINOLOGY_ROW = re.compile(r"^\| [^|]+ \| (.+) \|$", re.MULTILINE)
CODE = re.compile(r"`([^`]+)`")


def _promised_words(command: str) -> list[str]:
    """The words of a command up to its first placeholder (NAME, /path, HOST:CONTAINER)."""
    words = []
    for word in command.split():
        if any(character.isupper() or character in "/:" for character in word):
            break
        words.append(word)
    return words


def test_every_command_the_terminology_table_promises_is_run_somewhere() -> None:
    table = (DOCS / "terminology.md").read_text(encoding="utf-8").split("## The words and the commands", 1)[1]
    promised = [cmd for row in TERMINOLOGY_ROW.findall(table) for cmd in CODE.findall(row)]
    assert len(promised) > 20, promised
    run = "\n".join(path.read_text(encoding="utf-8") for path in SNIPPETS.glob("*/*.sh"))
    missing = []
    for command in promised:
        words = _promised_words(command)
        pattern = r"\s+(?:\S+\s+)*?".join(re.escape(word) for word in words)
        if not re.search(rf"(?m)^{pattern}(?:\s|$)", run):
            missing.append(command)
    assert not missing, f"terminology.md promises commands no snippet runs: {missing}"
