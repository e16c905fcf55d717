"""Bad input through the command line: one line naming file and line, status 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.recorder_cli import run_recorder


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("command", ["record", "check"])
@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        ("missing-snippet", "docs/demo.md:4: snippet file snippets/demo/a.sh does not exist"),
        ("unknown-option", "snippets/demo/options.yml:2: unknown option 'colour' for snippet 'a'"),
        ("malformed-option", "snippets/demo/options.yml:2: option 'timeout' of snippet 'a' must be"),
        ("output-without-snippet", "docs/demo.md:15: output demo/zz.html has no snippet"),
        ("empty-snippet", "snippets/demo/a.sh:1: empty snippet"),
    ],
)
def test_bad_input_is_one_line_with_status_2(make_page, command: str, breakage: str, message: str) -> None:
    root = make_page("demo", {"a": "echo a", "b": "echo b"})
    folder = root / "snippets" / "demo"
    if breakage == "missing-snippet":
        (folder / "a.sh").unlink()
    elif breakage == "unknown-option":
        (folder / "options.yml").write_text("a:\n  colour: red\n")
    elif breakage == "malformed-option":
        (folder / "options.yml").write_text("a:\n  timeout: [1]\n")
    elif breakage == "output-without-snippet":
        doc = root / "docs" / "demo.md"
        doc.write_text(doc.read_text() + '\n--8<-- "demo/zz.html"\n')
    elif breakage == "empty-snippet":
        (folder / "a.sh").write_text("\n")
    before = _files(root)
    result = run_recorder(root, command)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0].replace(str(root) + "/", "")
    assert _files(root) == before
