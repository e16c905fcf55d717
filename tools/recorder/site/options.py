"""Per-snippet options, kept beside the snippets in options.yml and invisible to readers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from recorder.compare.masks import BUILT_IN, MASK_RULES, MaskRule
from recorder.errors import InputError
from recorder.kinds import SHELL_KIND, SNIPPET_KINDS

DEFAULT_TIMEOUT = 120.0
DEFAULT_INPUT_PROMPT = r"[#$] "


@dataclass(frozen=True)
class SnippetOptions:
    """How to run one snippet; every field has a default so most snippets need none."""

    timeout: float = DEFAULT_TIMEOUT
    interrupt_after: float | None = None
    interrupt_when: str | None = None
    input: tuple[str, ...] = ()
    input_prompt: str = DEFAULT_INPUT_PROMPT
    exit_status: int | None = None
    names_from: str | None = None
    masks: tuple[MaskRule, ...] = ()
    unmask: tuple[str, ...] = ()
    kind: str = SHELL_KIND
    line: int = 0

    @property
    def expected_status(self) -> int:
        """Ctrl-C ends a program with 130, so an interrupted snippet expects that by default."""
        if self.exit_status is not None:
            return self.exit_status
        return 130 if self.interrupts else 0

    @property
    def interrupts(self) -> bool:
        """The recorder presses Ctrl-C: after a time, or once a line shows."""
        return self.interrupt_after is not None or self.interrupt_when is not None


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _status(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 255


def _lines(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _regex(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        re.compile(value)
    except re.error:
        return False
    return True


def _line_pattern(value: object) -> bool:
    """A pattern that empty output would match could never wait for anything."""
    return _regex(value) and re.compile(str(value)).search("") is None


def _name(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def _rule_names(value: object) -> bool:
    return isinstance(value, list) and all(item in MASK_RULES.names() for item in value)


def _kind_name(value: object) -> bool:
    return isinstance(value, str) and value in SNIPPET_KINDS.names()


def _mask_list(value: object) -> bool:
    return isinstance(value, list) and bool(value)


@dataclass(frozen=True)
class Option:
    """One key of options.yml: how its value is checked and what to tell a writer about it.
    The loader reads `valid` and `kind`; the options table of "Writing a page" is made from all."""

    valid: Callable[[object], bool]
    kind: str
    purpose: str
    default: str = ""


OPTIONS: dict[str, Option] = {
    "timeout": Option(
        _positive,
        "a number of seconds greater than 0",
        "seconds before the command is stopped and the recording fails",
        f"{DEFAULT_TIMEOUT:g}",
    ),
    "input": Option(
        _lines, "a list of lines to type", "lines typed into an interactive program, each once its prompt shows"
    ),
    "input_prompt": Option(
        _regex, "a regular expression", "a regular expression for that prompt", f"`{DEFAULT_INPUT_PROMPT}`, a shell's"
    ),
    "exit_status": Option(
        _status, "an exit status from 0 to 255", "the status the command must end with", "0, or 130 if interrupted"
    ),
    "interrupt_after": Option(
        _positive,
        "a number of seconds greater than 0",
        "press Ctrl-C after this many seconds; the status expected becomes 130",
    ),
    "interrupt_when": Option(
        _line_pattern,
        "a regular expression that matches no empty text",
        "press Ctrl-C once a line on the screen matches this regular expression; the status expected becomes 130",
    ),
    "names_from": Option(
        _name, "the name of an earlier snippet", "an earlier command whose generated container names this command uses"
    ),
    "masks": Option(
        _mask_list,
        "a list of masks, each with a pattern and a placeholder",
        "this command's own values that change from run to run, hidden before comparing: each a `pattern` "
        "(a Python regular expression), a `placeholder`, and `consistent: true` where the same value "
        "must come back in the same places",
    ),
    "kind": Option(
        _kind_name,
        "a snippet kind: " + ", ".join(kind.name for kind in SNIPPET_KINDS.built_in) + " or a registered one",
        "how the command is run: `shell` types it into the reader's shell; installed packages add others",
        f"`{SHELL_KIND}`",
    ),
    "unmask": Option(
        _rule_names, "a list of mask rules: " + ", ".join(BUILT_IN), "built-in mask rules switched off for this command"
    ),
}
PLACEHOLDER = re.compile(r"[a-z][a-z0-9-]*")
MASK_FIELDS = ("pattern", "placeholder", "consistent")


def load_options(path: Path) -> dict[str, SnippetOptions]:
    """Parse options.yml, naming the file and line of anything unknown or malformed."""
    if not path.exists():
        return {}
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise InputError(path, line, f"not valid YAML: {getattr(error, 'problem', error)}") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise InputError(path, root.start_mark.line + 1, "expected a mapping of snippet names")
    result: dict[str, SnippetOptions] = {}
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        name = key_node.value
        if name in result:
            raise InputError(path, line, f"options for snippet '{name}' given twice")
        if not isinstance(value_node, yaml.MappingNode):
            raise InputError(path, line, f"options of snippet '{name}' must be a mapping")
        result[name] = _snippet_options(path, name, value_node, line)
    return result


def _snippet_options(path: Path, name: str, node: yaml.MappingNode, line: int) -> SnippetOptions:
    values: dict[str, object] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        key_line = key_node.start_mark.line + 1
        if key not in OPTIONS:
            known = ", ".join(sorted(OPTIONS))
            raise InputError(path, key_line, f"unknown option '{key}' for snippet '{name}' (known: {known})")
        value = yaml.safe_load(yaml.serialize(value_node))
        option = OPTIONS[key]
        if not option.valid(value):
            raise InputError(path, key_line, f"option '{key}' of snippet '{name}' must be {option.kind}")
        if key == "masks":
            value = tuple(_mask(path, name, item) for item in value_node.value)
        values[key] = tuple(value) if key in ("input", "unmask") else value
    if "interrupt_after" in values and "interrupt_when" in values:
        raise InputError(path, line, f"snippet '{name}' has both interrupt_after and interrupt_when: give one")
    return SnippetOptions(line=line, **values)  # type: ignore[arg-type]


def _mask(path: Path, name: str, node: yaml.Node) -> MaskRule:
    """One of a snippet's own masks; each mistake is reported at its own line."""
    line = node.start_mark.line + 1
    where = f"mask of snippet '{name}'"
    if not isinstance(node, yaml.MappingNode):
        raise InputError(path, line, f"each {where} must be a mapping with 'pattern' and 'placeholder'")
    fields: dict[str, tuple[object, int]] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if key_node.value not in MASK_FIELDS:
            known = ", ".join(MASK_FIELDS)
            raise InputError(path, key_line, f"unknown key '{key_node.value}' in {where} (known: {known})")
        fields[key_node.value] = (yaml.safe_load(yaml.serialize(value_node)), key_line)
    for required in ("pattern", "placeholder"):
        if required not in fields:
            raise InputError(path, line, f"{where} has no '{required}'")
    pattern, pattern_line = fields["pattern"]
    if not _regex(pattern):
        raise InputError(path, pattern_line, f"'pattern' of a {where} must be a Python regular expression")
    compiled = re.compile(str(pattern))
    if compiled.search("") is not None:
        raise InputError(path, pattern_line, f"'pattern' of a {where} matches an empty string: it would mask nothing")
    placeholder, placeholder_line = fields["placeholder"]
    if not isinstance(placeholder, str) or not PLACEHOLDER.fullmatch(placeholder):
        raise InputError(
            path, placeholder_line, f"'placeholder' of a {where} must be a name such as 'time' (a-z, 0-9 and -)"
        )
    consistent, consistent_line = fields.get("consistent", (False, line))
    if not isinstance(consistent, bool):
        raise InputError(path, consistent_line, f"'consistent' of a {where} must be true or false")
    return MaskRule(
        placeholder,
        compiled,
        placeholder,
        f"set by snippet '{name}'",
        consistent=consistent,
        matches=f"`{pattern}`",
    )
