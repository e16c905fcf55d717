"""The parts of the documentation that the recorder's own code makes, not a snippet.

- the table of `[tool.recorder]` keys in tools/recorder/ARCHITECTURE.md, made from
  `site.config.KEYS`, so it names every key with its default;

- the table of snippet options in "Writing a page", made from `site.options.OPTIONS`, the schema
  options.yml is checked against, so it names every option with its default;
- the table of built-in mask rules, made from `masks.BUILT_IN_RULES`, so it lists every rule by the
  name `unmask` takes, with what it matches and why;
- a drift report, made by the real recorder: a one-command page is recorded, the file its
  command prints is then edited without recording again, and `recorder check` runs; the
  report is what check prints from its first DRIFT line on, exactly (the provisioning and
  progress lines before it depend on the machine and its speed).

`python tools/recorder_dev/examples.py` writes them beside the page's snippets; tests regenerate them
and fail when the committed files are stale.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from recorder.compare.masks import BUILT_IN_RULES
from recorder.site.config import KEYS
from recorder.site.layout import FILES_DIR, RECORDING_NOTE_FILE
from recorder.site.options import OPTIONS
from recorder_dev.site_table import write_site_configuration

FOLDER = Path("snippets/writing-a-page")
RULES_TABLE = "mask-rules.md"
OPTIONS_TABLE = "options-table.md"
DRIFT_REPORT = "drift-report.txt"

ARCHITECTURE = Path("tools/recorder/ARCHITECTURE.md")
TABLE_START, TABLE_END = "<!-- configuration table: made by tools/recorder_dev/examples.py -->", "<!-- end -->"

DEMO_PAGE = "greeting"
DEMO_COMMAND = 'docker run --rm -v "$PWD":/data debian cat /data/greeting.txt'
RECORDED_GREETING = "Hello, reader!\n"
CHANGED_GREETING = "Hello, world!\n"


def rules_table() -> str:
    """Markdown: every built-in rule in the order it runs."""
    rows = ["| rule | what it matches | becomes | why it may change |", "| --- | --- | --- | --- |"]
    for rule in BUILT_IN_RULES:
        rows.append(f"| `{rule.name}` | {rule.matches} | {rule.becomes} | {rule.why} |")
    return "\n".join(rows) + "\n"


def options_table() -> str:
    """Markdown: every option of options.yml, what it does, its default and the value it takes."""
    rows = ["| option | what it does | default | value |", "| --- | --- | --- | --- |"]
    for name, option in OPTIONS.items():
        rows.append(f"| `{name}` | {option.purpose} | {option.default or '(none)'} | {option.kind} |")
    return "\n".join(rows) + "\n"


def configuration_table() -> str:
    """Markdown: every key of [tool.recorder], its default and what it is."""
    rows = ["| key | default | what it is |", "| --- | --- | --- |"]
    for key, (_, default, meaning) in KEYS.items():
        shown = f"`{default!r}`".replace("'", '"') if default not in ("", []) else "(none)"
        rows.append(f"| `{key}` | {shown} | {meaning} |")
    return "\n".join(rows) + "\n"


def with_configuration_table(text: str) -> str:
    """The document with the table between its markers made anew."""
    before, _, rest = text.partition(TABLE_START)
    _, _, after = rest.partition(TABLE_END)
    return f"{before}{TABLE_START}\n{configuration_table()}{TABLE_END}{after}"


def demo_project(root: Path) -> None:
    """A one-command page whose output is a file's content, in a project of its own, configured as
    the tutorial is."""
    write_site_configuration(root)
    (root / "docs").mkdir(parents=True)
    folder = root / "snippets" / DEMO_PAGE
    (folder / FILES_DIR).mkdir(parents=True)
    (folder / "01-greet.sh").write_text(DEMO_COMMAND + "\n", encoding="utf-8")
    (folder / FILES_DIR / "greeting.txt").write_text(RECORDED_GREETING, encoding="utf-8")
    (root / "docs" / f"{DEMO_PAGE}.md").write_text(
        f'# Greeting\n\n--8<-- "{DEMO_PAGE}/{RECORDING_NOTE_FILE}"\n\n'
        f'``` {{ .bash .command }}\n--8<-- "{DEMO_PAGE}/01-greet.sh"\n```\n\n'
        f'--8<-- "{DEMO_PAGE}/01-greet.html"\n',
        encoding="utf-8",
    )


def drift_report(root: Path) -> str:
    """Record the demo page, change what it prints, and return what `recorder check` says."""
    demo_project(root)
    recorded = _recorder(root, "record")
    if recorded.returncode != 0:
        raise RuntimeError(f"recording the demo page failed:\n{recorded.stderr}")
    (root / "snippets" / DEMO_PAGE / FILES_DIR / "greeting.txt").write_text(CHANGED_GREETING, encoding="utf-8")
    checked = _recorder(root, "check")
    if checked.returncode != 1:
        raise RuntimeError(f"check of the changed demo page should fail with status 1:\n{checked.stderr}")
    lines = checked.stderr.splitlines()
    first = next(number for number, line in enumerate(lines) if line.startswith("DRIFT "))
    return "\n".join(lines[first:]) + "\n"


def _recorder(root: Path, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recorder", "--root", str(root), command, "--page", DEMO_PAGE],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def main() -> None:
    folder = Path.cwd() / FOLDER
    (folder / RULES_TABLE).write_text(rules_table(), encoding="utf-8")
    (folder / OPTIONS_TABLE).write_text(options_table(), encoding="utf-8")
    architecture = Path.cwd() / ARCHITECTURE
    architecture.write_text(with_configuration_table(architecture.read_text(encoding="utf-8")), encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        (folder / DRIFT_REPORT).write_text(drift_report(Path(scratch)), encoding="utf-8")
    print(
        f"wrote {FOLDER / RULES_TABLE}, {FOLDER / OPTIONS_TABLE}, {FOLDER / DRIFT_REPORT} "
        f"and the table in {ARCHITECTURE}"
    )


if __name__ == "__main__":
    main()
