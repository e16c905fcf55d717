"""Forms of a shell command that do not run alike on Linux, macOS (BSD tools, zsh) and WSL 2.

A reader copies a snippet into their own terminal, so a command that works only with GNU's
tools, or needs a port that macOS keeps for itself, fails for some of them. This finds the
known forms in a command as the reader's shell runs it: words inside a quoted argument (the
script of `sh -c '...'` that runs in a Linux container, say) are the container's business
and are not looked at. Each rule says what to write instead.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass

PUNCTUATION = ";&|()"
# Words that end one simple command and start the next.
SEPARATORS = {"&&", "||", ";", "|", "&", "(", ")", "$(", "`", "\n", ";;", "|&"}
# Words before the program that do not name it.
PREFIXES = {"sudo", "time", "env", "command", "exec", "nohup", "!", "then", "do", "else", "if", "while"}
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
# Host ports the reader's OS commonly holds: a published port there fails with "address already in use".
HELD_PORTS = {
    5000: "macOS 12 and later keep port 5000 for AirPlay Receiver",
    7000: "macOS 12 and later keep port 7000 for AirPlay Receiver",
}
PUBLISH_OPTIONS = ("-p", "--publish")
HOST_URL = re.compile(r"(?:localhost|127\.0\.0\.1|\[::1\]):(\d+)\b(?!:)")
# A code annotation of the site (`# (1)!` at the end of a line): Material shows a marker there
# and leaves the comment out of what the reader sees and copies.
ANNOTATION = re.compile(r"[ \t]+#[ \t]*\(\d+\)![ \t]*$", flags=re.MULTILINE)
# Programs a Mac does not have (GNU coreutils and Linux tools).
MISSING_ON_MACOS = {
    "timeout": "macOS has no `timeout`",
    "tac": "macOS has no `tac`; use `tail -r` or avoid reversing",
    "nproc": "macOS has no `nproc`",
    "wget": "macOS has no `wget`; use `curl`",
    "free": "macOS has no `free`",
    "watch": "macOS has no `watch`",
    "ip": "macOS has no `ip`",
}


@dataclass(frozen=True)
class Finding:
    """One non-portable form: the words it was found in, why it fails, what to write instead."""

    rule: str
    words: str
    why: str


Check = Callable[[list[str]], str | None]


def _has_option(words: list[str], short: str, long: tuple[str, ...] = ()) -> bool:
    """Whether an option is given, alone (`-i`), bundled (`-ni`) or long (`--in-place`)."""
    for word in words[1:]:
        if word == "--":
            return False
        if any(word == option or word.startswith(f"{option}=") for option in long):
            return True
        if re.fullmatch(rf"-[A-Za-z]*{short}[A-Za-z]*", word):
            return True
    return False


def _sed(words: list[str]) -> str | None:
    for word in words[1:]:
        if word in ("-i", "--in-place") or re.fullmatch(r"-[nEr]+i", word):
            return (
                "BSD sed takes the word after -i as a backup suffix (the script then fails); "
                "write -i.bak with the suffix attached, which both read, and remove the .bak file"
            )
        if word == "-r" or re.fullmatch(r"-[ni]*r[ni]*", word):
            return "BSD sed has no -r; -E means the same in both"
    return None


def _stat(words: list[str]) -> str | None:
    if _has_option(words, "c", ("--format", "--printf")):
        return "BSD stat has no -c (its format option is -f); use ls -l, or run stat in a container"
    return None


def _date(words: list[str]) -> str | None:
    gnu = ("--date", "--iso-8601", "--rfc-3339", "--rfc-email", "--reference")
    if any(word in ("-d", "-R") or word.startswith("-I") for word in words[1:]) or _has_option(words, "d", gnu):
        return "-d, -I, -R and the long options of date are GNU's; BSD date reads other flags"
    if any("%N" in word for word in words[1:]):
        return "%N (nanoseconds) is GNU date's; BSD date prints N"
    return None


def _readlink(words: list[str]) -> str | None:
    if _has_option(words, "f", ("--canonicalize",)) or _has_option(words, "e") or _has_option(words, "m"):
        return "readlink -f, -e and -m are GNU's (macOS before 12.3 lacks them); use cd and pwd -P"
    return None


def _xargs(words: list[str]) -> str | None:
    if _has_option(words, "r", ("--no-run-if-empty",)):
        return "xargs -r is GNU's; BSD xargs never runs on empty input anyway, so leave it out"
    return None


def _grep(words: list[str]) -> str | None:
    if _has_option(words, "P", ("--perl-regexp",)):
        return "BSD grep has no -P; use -E"
    return None


def _echo(words: list[str]) -> str | None:
    if len(words) > 1 and re.fullmatch(r"-[neE]*e[neE]*", words[1]):
        return "echo -e prints -e in macOS's sh; printf works alike everywhere"
    return None


def _docker_ports(words: list[str]) -> str | None:
    for number, word in enumerate(words):
        value = None
        if word in PUBLISH_OPTIONS and number + 1 < len(words):
            value = words[number + 1]
        elif word.startswith("--publish=") or (word.startswith("-p") and len(word) > 2 and word[2].isdigit()):
            value = word.split("=", 1)[1] if word.startswith("--publish=") else word[2:]
        port = host_port(value) if value else None
        if port in HELD_PORTS:
            return f"publishes host port {port}: {HELD_PORTS[port]}; choose another host port"
    return None


CHECKS: dict[str, Check] = {
    "sed": _sed,
    "stat": _stat,
    "date": _date,
    "readlink": _readlink,
    "xargs": _xargs,
    "grep": _grep,
    "echo": _echo,
    "docker": _docker_ports,
}


def host_port(publish: str) -> int | None:
    """The host port of a `-p` value (`8080:80`, `127.0.0.1:8080:80`, `[::1]:8080:80/tcp`), if any."""
    parts = publish.split("/", 1)[0].rsplit(":", 2)
    if len(parts) < 2:
        return None  # `-p 80`: Docker picks the host port
    host = parts[-2]
    return int(host) if host.isdigit() else None


def simple_commands(command: str) -> Iterator[list[str]]:
    """The reader's shell's simple commands, each as its words, the program first."""
    lexer = shlex.shlex(command.replace("\\\n", " "), posix=True, punctuation_chars=PUNCTUATION)
    lexer.whitespace = " \t"
    # Every other character is part of a word (shlex's default set leaves out `:` and `%`).
    lexer.wordchars = "".join(chr(c) for c in range(33, 127) if chr(c) not in PUNCTUATION + "'\"\\#")
    words: list[str] = []
    try:
        tokens = list(lexer)
    except ValueError:  # an unclosed quote: nothing safe to say about it
        return
    for token in tokens:
        if token in SEPARATORS or set(token) <= set(";&|()\n"):
            if words:
                yield words
            words = []
            continue
        if not words and (token in PREFIXES or ASSIGNMENT.match(token)):
            continue
        words.append(token.removeprefix("$(").removeprefix("`"))
    if words:
        yield words


def comment_start(command: str) -> int | None:
    """Where the first comment starts: an unquoted `#` that begins a word, as POSIX shells read it."""
    quote = None
    escaped = False
    for index, char in enumerate(command):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or command[index - 1] in " \t\n" + PUNCTUATION):
            return index
    return None


def comment_finding(command: str) -> Finding | None:
    """A `#` comment typed into zsh, where comments are off unless `interactive_comments` is set:
    zsh, macOS's shell, then passes the comment's words to the command as arguments."""
    text = ANNOTATION.sub("", command)
    start = comment_start(text)
    if start is None:
        return None
    return Finding(
        "comment",
        text[start:].splitlines()[0],
        "zsh, macOS's shell, reads a typed # as an argument, not a comment (interactive_comments is "
        "off); leave comments out of commands, or make them a code annotation: # (1)!",
    )


def findings(command: str) -> list[Finding]:
    """Every non-portable form in a command, in the order they appear."""
    found = []
    comment = comment_finding(command)
    if comment:
        found.append(comment)
    for words in simple_commands(command):
        program = words[0].rsplit("/", 1)[-1]
        check = CHECKS.get(program)
        why = check(words) if check else MISSING_ON_MACOS.get(program)
        if why:
            found.append(Finding(program, " ".join(words), why))
        for word in words[1:]:
            for match in HOST_URL.finditer(word):
                port = int(match.group(1))
                if port in HELD_PORTS:
                    found.append(Finding("port", word, f"uses host port {port}: {HELD_PORTS[port]}"))
    return found


def compose_port_findings(text: str) -> list[Finding]:
    """Host ports a Compose file publishes (`ports: ["5000:5000"]`) that the reader's OS holds."""
    found = []
    for match in re.finditer(r"^\s*-\s*[\"']?([\d.:\[\]]+:\d+(?:/\w+)?)[\"']?\s*$", text, flags=re.MULTILINE):
        port = host_port(match.group(1))
        if port in HELD_PORTS:
            found.append(Finding("port", match.group(1), f"publishes host port {port}: {HELD_PORTS[port]}"))
    return found
