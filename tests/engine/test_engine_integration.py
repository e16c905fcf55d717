"""Against the real engine: record, check, drift, failures and what is left behind."""

from __future__ import annotations

import re
from pathlib import Path

import docker

from helpers.recorder_cli import run_recorder
from recorder import engine


def assert_nothing_left(client: docker.DockerClient, root: Path) -> None:
    assert engine.leftovers(client, engine.project_key(root)) == []


def test_failing_snippet_names_itself_and_keeps_previous_outputs(client, make_page) -> None:
    root = make_page("tiny", {"a": "echo hello", "b": "docker version --format '{{.Client.Os}}'"})
    assert run_recorder(root, "record").returncode == 0
    folder = root / "snippets" / "tiny"
    before = {path.name: path.read_text() for path in folder.iterdir()}
    assert before["a.out"] == "hello\n" and before["b.out"] == "linux\n"

    (folder / "a.sh").write_text("echo changed\n")
    (folder / "b.sh").write_text("docker run debian sh -c 'echo oops; exit 3'\n")
    failed = run_recorder(root, "record")
    assert failed.returncode == 1
    assert "tiny/b: exited with status 3, expected 0" in failed.stderr
    assert "| oops" in failed.stderr
    after = {path.name: path.read_text() for path in folder.iterdir() if path.suffix != ".sh"}
    assert after == {name: text for name, text in before.items() if not name.endswith(".sh")}
    assert_nothing_left(client, root)


def test_time_limit_stops_a_hanging_command(client, make_page) -> None:
    root = make_page("tiny", {"a": "echo start", "b": "sleep 600"}, options="b:\n  timeout: 3\n")
    result = run_recorder(root, "record", timeout=120)
    assert result.returncode == 1
    assert "tiny/b: time limit reached (3s)" in result.stderr
    assert not (root / "snippets" / "tiny" / "a.out").exists()
    assert_nothing_left(client, root)


LOOP = """\
start=$(date +%s%N)
trap 'echo "interrupted after $(( ($(date +%s%N) - start) / 1000000 )) ms"; exit 130' INT
i=0
while true; do i=$((i + 1)); echo "tick $i"; sleep 0.5; done
"""


def test_interactive_input_and_interrupt(client, make_page) -> None:
    """Typed input lands at its prompt; Ctrl-C comes after interrupt_after, and each line is recorded once.

    The loop numbers its lines and reports, when interrupted, how long it ran: no assertion
    depends on how fast a loaded machine schedules the loop.
    """
    root = make_page(
        "tiny",
        {"a": "bash --norc -i", "b": "bash loop.sh"},
        options="a:\n  input: ['echo typed-$((6*7))', 'exit']\nb:\n  interrupt_after: 2\n",
    )
    (root / "snippets" / "tiny" / "files").mkdir()
    (root / "snippets" / "tiny" / "files" / "loop.sh").write_text(LOOP)
    result = run_recorder(root, "record")
    assert result.returncode == 0, result.stderr
    folder = root / "snippets" / "tiny"
    typed = (folder / "a.out").read_text().splitlines()
    assert "echo typed-$((6*7))" in typed[0] and typed[1] == "typed-42"
    lines = (folder / "b.out").read_text().splitlines()
    ticks = [line for line in lines if line.startswith("tick")]
    assert ticks == [f"tick {n}" for n in range(1, len(ticks) + 1)], lines
    assert lines[: len(ticks)] == ticks
    interrupted = re.fullmatch(r"\^Cinterrupted after (\d+) ms", lines[len(ticks)])
    assert interrupted, lines
    # The loop starts a moment after the recorder sees the command start (its 2 s count from
    # there): up to a second of that moment is allowed; a Ctrl-C sent at once would show ~0 ms.
    assert int(interrupted.group(1)) >= 1000, "Ctrl-C came long before interrupt_after"
    assert lines[len(ticks) + 1 :] == [], lines
    assert_nothing_left(client, root)


READY = """\
echo "step 1"; sleep 1
printf '\\033[32mstep 2\\033[0m\\n'; sleep 1
echo ready
sleep 10
echo too-late
sleep 600
"""


def test_interrupt_when_presses_ctrl_c_once_the_screen_shows_the_line(client, make_page) -> None:
    """Ctrl-C follows the line, not a clock: before it nothing was cut short, after it nothing more shows.

    The pattern is matched against the screen (no colour codes: `^step 2$` matches a green line),
    and the time limit is far below the script's 600 s: only the match can end this snippet.
    """
    options = "a:\n  interrupt_when: '^step 2$'\n  timeout: 60\nb:\n  interrupt_when: '^ready$'\n  timeout: 60\n"
    root = make_page("tiny", {"a": "bash ready.sh", "b": "bash ready.sh"}, options=options)
    (root / "snippets" / "tiny" / "files").mkdir()
    (root / "snippets" / "tiny" / "files" / "ready.sh").write_text(READY)
    result = run_recorder(root, "record")
    assert result.returncode == 0, result.stderr
    folder = root / "snippets" / "tiny"
    assert (folder / "a.out").read_text() == "step 1\nstep 2\n^C\n"
    assert (folder / "b.out").read_text() == "step 1\nstep 2\nready\n^C\n"
    assert_nothing_left(client, root)


def test_interrupt_when_never_shown_fails_at_the_time_limit_naming_the_pattern(client, make_page) -> None:
    root = make_page("tiny", {"a": "bash ready.sh"}, options="a:\n  interrupt_when: '^started$'\n  timeout: 4\n")
    (root / "snippets" / "tiny" / "files").mkdir()
    (root / "snippets" / "tiny" / "files" / "ready.sh").write_text(READY)
    result = run_recorder(root, "record", timeout=120)
    assert result.returncode == 1
    message = "tiny/a: time limit reached and no line on the screen matched interrupt_when '^started$' (4s)"
    assert message in result.stderr
    assert "| ready" in result.stderr
    assert not (root / "snippets" / "tiny" / "a.out").exists()
    assert_nothing_left(client, root)


def test_a_command_that_ends_before_its_interrupt_when_line_fails_on_its_status(client, make_page) -> None:
    root = make_page("tiny", {"a": "echo almost"}, options="a:\n  interrupt_when: '^ready$'\n")
    result = run_recorder(root, "record")
    assert result.returncode == 1
    assert "tiny/a: exited with status 0, expected 130" in result.stderr
    assert_nothing_left(client, root)


def test_each_typed_line_waits_for_the_output_of_the_one_before(client, make_page) -> None:
    """Python 3.13's REPL redraws its prompt with the typed line before it runs it: the next line
    must wait for the real next prompt, or it would be typed before the output. Five times over."""
    repl = "docker run -it --rm python:3.13-slim python"
    lines = "['print(6 * 7)', 'print(2 ** 10)', 'exit()']"
    snippets = {f"r{n}": repl for n in range(5)}
    options = "".join(f"r{n}:\n  input: {lines}\n  input_prompt: '>>> '\n  timeout: 300\n" for n in range(5))
    root = make_page("tiny", snippets, options=options)
    result = run_recorder(root, "record")
    assert result.returncode == 0, result.stderr
    for n in range(5):
        shown = (root / "snippets" / "tiny" / f"r{n}.out").read_text().splitlines()
        session = shown[next(i for i, line in enumerate(shown) if line.startswith(">>> ")) :]
        assert session == [">>> print(6 * 7)", "42", ">>> print(2 ** 10)", "1024", ">>> exit()"], shown
    assert_nothing_left(client, root)


def test_record_skips_unchanged_pages_and_redoes_changed_ones(client, make_page) -> None:
    root = make_page("tiny", {"a": "echo one"})
    make_page("other", {"b": "echo two"})
    first = run_recorder(root, "record")
    assert first.returncode == 0, first.stderr
    again = run_recorder(root, "record")
    assert again.returncode == 0, again.stderr
    assert "unchanged tiny" in again.stderr and "unchanged other" in again.stderr

    (root / "snippets" / "tiny" / "options.yml").write_text("a:\n  timeout: 30\n")
    changed = run_recorder(root, "record")
    assert changed.returncode == 0, changed.stderr
    assert "recorded tiny: 1 snippets" in changed.stderr and "unchanged other" in changed.stderr

    forced = run_recorder(root, "record", "--all")
    assert forced.returncode == 0, forced.stderr
    assert "recorded tiny" in forced.stderr and "recorded other" in forced.stderr
    assert_nothing_left(client, root)


BRACKETS = "=> [internal] load build definition\n[a-zA-Z0-9] [bold]not bold[/] [/]\n"


def test_reports_quote_docker_and_snippets_exactly(client, make_page) -> None:
    """FAILED and DRIFT reports show square brackets from Docker and from snippets verbatim."""
    root = make_page("marks", {"a": "cat text.txt", "b": "cat text.txt; docker create --name 'a!' debian:trixie true"})
    files = root / "snippets" / "marks" / "files"
    files.mkdir()
    (files / "text.txt").write_text(BRACKETS)

    failed = run_recorder(root, "record")
    assert failed.returncode == 1, failed.stderr
    assert "FAILED marks: marks/b: exited with status 1, expected 0" in failed.stderr
    assert "    | => [internal] load build definition\n    | [a-zA-Z0-9] [bold]not bold[/] [/]\n" in failed.stderr
    assert "only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed" in failed.stderr

    (root / "snippets" / "marks" / "options.yml").write_text("b:\n  exit_status: 1\n")
    recorded = run_recorder(root, "record")
    assert recorded.returncode == 0, recorded.stderr
    (files / "text.txt").write_text(BRACKETS.replace("[internal]", "[internal-changed]"))
    drifted = run_recorder(root, "check")
    assert drifted.returncode == 1
    assert "DRIFT drift in marks/a:" in drifted.stderr
    assert "\n-=> [internal] load build definition\n+=> [internal-changed] load build definition\n" in drifted.stderr
    assert " [a-zA-Z0-9] [bold]not bold[/] [/]\n" in drifted.stderr
    assert_nothing_left(client, root)
