"""What check concludes, without an engine: each way a page can differ from its recording."""

from __future__ import annotations

from pathlib import Path

import pytest

from recorder.compare.verify import page_drifts
from recorder.errors import SnippetError
from recorder.results.runs import PageRun, SnippetRun
from recorder.results.screen import Screen
from recorder.results.store import inputs_hash, record_verification, write_page
from recorder.site.pages import Project, load_pages
from recorder.site.provenance import Provenance

OUTPUTS = {"01-one": "one\n", "02-id": "3883bc830501\n", "03-two": "two\n"}


def _record(make_page) -> Path:
    """A page recorded through the real writer, from a run we describe."""
    root = make_page("demo", {name: f"echo {name}" for name in OUTPUTS})
    (page,) = load_pages(Project(root))
    run = PageRun(
        page, [SnippetRun(s, s.command, Screen.of_text(OUTPUTS[s.name]), 0) for s in page.snippets], {"engine": "26"}
    )
    write_page(run, {}, ["sha256:image"], "current")
    return root


def _fresh(root: Path, outputs: dict[str, str] | None = None) -> list:
    (page,) = load_pages(Project(root))
    outputs = outputs or OUTPUTS
    run = PageRun(page, [SnippetRun(s, s.command, Screen.of_text(outputs[s.name]), 0) for s in page.snippets])
    return page_drifts(run)


def test_an_unchanged_page_has_no_drift(make_page) -> None:
    root = _record(make_page)
    assert _fresh(root, {**OUTPUTS, "02-id": "9f00bc830502\n"}) == []


def test_a_changed_command_is_drift_naming_the_snippet(make_page) -> None:
    root = _record(make_page)
    (root / "snippets/demo/03-two.sh").write_text("echo 03-two --loud\n")
    (drift,) = _fresh(root)
    assert (drift.page, drift.snippet) == ("demo", "03-two")
    assert "command was changed" in drift.diff


def test_an_output_edited_by_hand_is_drift(make_page) -> None:
    root = _record(make_page)
    (root / "snippets/demo/02-id.out").write_text("aaaaaaaaaaaa\n")  # same shape, so only the hash tells
    (drift,) = _fresh(root)
    assert drift.snippet == "02-id" and "edited after the recorder wrote it" in drift.diff


def test_swapped_snippets_are_drift(make_page) -> None:
    root = _record(make_page)
    doc = root / "docs/demo.md"
    text = doc.read_text()
    doc.write_text(
        text.replace("demo/01-one", "demo/XX").replace("demo/03-two", "demo/01-one").replace("demo/XX", "demo/03-two")
    )
    drifts = _fresh(root)
    (drift,) = drifts
    assert drift.snippet == "03-two" and "not in the order they were recorded" in drift.diff


def test_changed_output_is_drift_with_diff(make_page) -> None:
    root = _record(make_page)
    (drift,) = _fresh(root, {**OUTPUTS, "01-one": "uno\n"})
    assert drift.snippet == "01-one" and "-one" in drift.diff and "+uno" in drift.diff


def test_missing_recording_is_reported(make_page) -> None:
    root = make_page("demo", {"a": "echo a"})
    (page,) = load_pages(Project(root))
    (drift,) = page_drifts(PageRun(page, [SnippetRun(page.snippets[0], "echo a", Screen.of_text("a\n"), 0)]))
    assert "never recorded" in drift.diff


@pytest.mark.parametrize("missing", ["02-id"])
def test_missing_output_file_is_drift(make_page, missing: str) -> None:
    root = _record(make_page)
    (root / f"snippets/demo/{missing}.out").unlink()
    (drift,) = _fresh(root)
    assert drift.snippet == missing and "no recorded output" in drift.diff


def test_a_command_rewritten_with_fresh_names_is_part_of_the_recorded_inputs(make_page) -> None:
    root = make_page("demo", {"rm": "docker rm lucid_ritchie"})
    (page,) = load_pages(Project(root))
    run = PageRun(page, [SnippetRun(page.snippets[0], "docker rm musing_curie", Screen.of_text("musing_curie\n"), 0)])
    write_page(run, {}, ["sha256:image"], "current")
    assert (root / "snippets/demo/rm.sh").read_text() == "docker rm musing_curie\n"
    recorded = Provenance.load(page).inputs_sha256
    assert recorded == inputs_hash(page, ["sha256:image"])


def test_writing_leaves_no_temporary_files(make_page) -> None:
    root = _record(make_page)
    names = sorted(p.name for p in (root / "snippets/demo").iterdir())
    assert not [n for n in names if n.endswith(".tmp")]
    assert "recording.yml" in names


def _page_with(make_page, command: str, options: str):
    root = make_page("demo", {"a": command}, options=options)
    (page,) = load_pages(Project(root))
    return root, page


def _run(page, output: str, machine: dict[str, str] | None = None) -> PageRun:
    snippet = page.snippets[0]
    return PageRun(page, [SnippetRun(snippet, snippet.command, Screen.of_text(output), 0)], machine=machine or {})


STATS = "NAME   CPU %   MEM USAGE / LIMIT\nweb    {cpu}   {mem} / {total}\n"
MASKS = "a:\n  masks:\n    - pattern: '\\d+\\.\\d+%'\n      placeholder: percent\n"


def test_own_masks_and_the_machines_memory_total_are_hidden(make_page) -> None:
    root, page = _page_with(make_page, "docker stats --no-stream", MASKS)
    recorded = STATS.format(cpu="0.01%", mem="7.5MiB", total="23.54GiB")
    write_page(_run(page, recorded, {"memory_total": "23.54GiB"}), {}, ["sha256:image"], "current")
    (page,) = load_pages(Project(root))
    elsewhere = STATS.format(cpu="0.12%", mem="7.5MiB", total="7.748GiB")
    assert page_drifts(_run(page, elsewhere, {"memory_total": "7.748GiB"})) == []
    (drift,) = page_drifts(
        _run(page, STATS.format(cpu="0.12%", mem="9.1MiB", total="7.748GiB"), {"memory_total": "7.748GiB"})
    )
    assert "-web  <percent>  7.5MiB / <memory-total>" in drift.diff
    assert "+web  <percent>  9.1MiB / <memory-total>" in drift.diff


def test_unmask_makes_check_compare_what_a_rule_would_hide(make_page) -> None:
    root, page = _page_with(make_page, "docker ps", "a:\n  unmask: [relative-time]\n")
    write_page(_run(page, "web   Up 3 seconds\n"), {}, ["sha256:image"], "current")
    (page,) = load_pages(Project(root))
    (drift,) = page_drifts(_run(page, "web   Up 4 seconds\n"))
    assert "+web  Up 4 seconds" in drift.diff


def test_an_own_mask_that_matches_nothing_fails_the_page_and_writes_nothing(make_page) -> None:
    root, page = _page_with(make_page, "echo a", MASKS)
    with pytest.raises(SnippetError, match=r"demo/a: mask 'percent' \(\\d\+\\.\\d\+%\) matches nothing"):
        write_page(_run(page, "no numbers here\n"), {}, ["sha256:image"], "current")
    assert sorted(p.name for p in (root / "snippets/demo").iterdir()) == ["a.sh", "options.yml"]


def test_a_provenance_line_edited_by_hand_is_drift(make_page) -> None:
    root = _record(make_page)
    note = root / "snippets/demo/recording.md"
    note.write_text(note.read_text().replace("Docker Engine 26", "Docker Engine 99"))
    (drift,) = _fresh(root)
    assert drift.snippet == "*" and "demo/recording.md is missing or does not say" in drift.diff


def test_a_recording_that_kept_no_machine_facts_is_taken_to_come_from_this_machine(make_page) -> None:
    root, page = _page_with(make_page, "docker stats --no-stream", MASKS)
    write_page(_run(page, STATS.format(cpu="0.01%", mem="7.5MiB", total="23.54GiB")), {}, ["sha256:image"], "current")
    (page,) = load_pages(Project(root))
    same_machine = STATS.format(cpu="0.02%", mem="7.5MiB", total="23.54GiB")
    assert page_drifts(_run(page, same_machine, {"memory_total": "23.54GiB"})) == []


def test_on_another_engine_only_commands_and_exit_statuses_are_compared(make_page) -> None:
    root = _record(make_page)
    (page,) = load_pages(Project(root))
    other = {name: Screen.of_text(f"{text.strip()} on Docker 26\n") for name, text in OUTPUTS.items()}
    same_status = PageRun(page, [SnippetRun(s, s.command, other[s.name], 0) for s in page.snippets])
    assert page_drifts(same_status, compare_outputs=False) == []

    failing = PageRun(
        page, [SnippetRun(s, s.command, other[s.name], 1 if s.name == "02-id" else 0) for s in page.snippets]
    )
    (drift,) = page_drifts(failing, compare_outputs=False)
    assert drift.snippet == "02-id" and "exited with status 1; recorded with 0" in drift.diff

    (root / "snippets/demo/03-two.sh").write_text("echo changed\n")
    (page,) = load_pages(Project(root))
    changed = PageRun(page, [SnippetRun(s, s.command, other[s.name], 0) for s in page.snippets])
    (drift,) = page_drifts(changed, compare_outputs=False)
    assert drift.snippet == "03-two" and "command was changed" in drift.diff


def test_the_recording_names_its_engine_and_the_engines_it_was_verified_on(make_page) -> None:
    root = _record(make_page)
    (page,) = load_pages(Project(root))
    provenance = Provenance.load(page)
    assert provenance.engine == "current"
    assert provenance.versions == {"engine": "26"} and provenance.verified_on == {"current": {"engine": "26"}}

    stable = {"engine": "26.1.5+dfsg1", "compose": "2.26.1-4", "buildx": "0.13.1+ds1"}
    record_verification(page, "stable", stable)
    assert Provenance.load(page).verified_on == {"current": {"engine": "26"}, "stable": stable}
    assert "verified on Docker Engine 26.1.5" in page.recording_note_path.read_text()
    text = page.provenance_path.read_text()
    before = page.provenance_path.stat().st_mtime_ns
    record_verification(page, "stable", dict(stable))  # nothing new: the file is left as it is
    assert page.provenance_path.read_text() == text and page.provenance_path.stat().st_mtime_ns == before
