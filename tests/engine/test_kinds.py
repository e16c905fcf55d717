"""A registered snippet kind runs for real: in the page's sandbox, beside the reader's shell."""

from __future__ import annotations

from helpers import NAMING
from helpers.kinds import PLAIN_KIND_MODULE
from helpers.plugins import install_package
from helpers.recorder_cli import run_recorder
from recorder import engine


def test_a_page_mixes_a_registered_kind_with_the_shell(client, make_page, tmp_path) -> None:
    options = "b:\n  kind: plain\n  exit_status: 3\n"
    snippets = {
        "a": "echo typed > note.txt",
        "b": "cat note.txt; [ -t 1 ] || echo 'no terminal'; exit 3",
        "c": "[ -t 1 ] && echo 'a terminal'",
    }
    root = make_page("mixed", snippets, options=options)
    plugin = tmp_path / "plugin"
    plugin.mkdir()
    env = install_package(plugin, "site_kinds", PLAIN_KIND_MODULE, "recorder.snippet_kinds", "plain = site_kinds:PLAIN")
    recorded = run_recorder(root, "record", env=env)
    assert recorded.returncode == 0, recorded.stderr
    folder = root / "snippets" / "mixed"
    # The plain kind saw the shell's file (one sandbox, one working folder) and no terminal.
    assert (folder / "b.out").read_text() == "typed\nno terminal\n"
    assert (folder / "c.out").read_text() == "a terminal\n"
    checked = run_recorder(root, "check", env=env)
    assert checked.returncode == 0, checked.stderr
    assert engine.leftovers(client, NAMING, engine.project_key(root)) == []
