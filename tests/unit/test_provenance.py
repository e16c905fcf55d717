"""recording.yml as one typed record: written and read back alike, older files still load."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import yaml

from recorder.errors import InputError
from recorder.results.runs import PageRun, SnippetRun
from recorder.results.screen import Screen
from recorder.results.store import write_page
from recorder.site.pages import Project, load_pages
from recorder.site.provenance import HEADER, Provenance, SnippetRecord
from recorder.site.recording_note import recording_note

EXPLAINED_AT = "how-outputs-are-made.md"
ORIGINS = {
    "debian:latest": "stand-in (debootstrap of Debian trixie)",
    "nginx:latest": "stand-in (built from Debian trixie packages)",
    "redis:latest": "official",
}


def _written(make_page) -> tuple[Provenance, str]:
    root = make_page("demo", {"a": "echo a", "b": "docker run debian"})
    (page,) = load_pages(Project(root))
    runs = [SnippetRun(s, s.command, Screen.of_text(f"{s.name}\n"), 0) for s in page.snippets]
    run = PageRun(page, runs, {"engine": "26.1.5+dfsg1"}, sorted(ORIGINS), 12.34, {"memory_total": "23.54GiB"})
    write_page(run, ORIGINS, ["sha256:image"], "current")
    return Provenance.load(page), page.provenance_path.read_text()


def test_what_is_written_reads_back_typed(make_page) -> None:
    provenance, text = _written(make_page)
    assert text.startswith(HEADER)
    assert provenance.duration_s == 12.3
    assert provenance.recorded_at is not None and provenance.recorded_at.tzinfo == UTC
    assert provenance.versions == {"engine": "26.1.5+dfsg1"}
    assert provenance.machine == {"memory_total": "23.54GiB"}
    assert list(provenance.snippets) == ["a", "b"]
    assert provenance.snippet("a").exit_status == 0 and len(provenance.snippet("a").output_sha256) == 64
    assert provenance.snippet("missing") == SnippetRecord()
    assert Provenance.from_data(yaml.safe_load(provenance.to_yaml())) == provenance


def test_the_yaml_stays_readable_in_field_order(make_page) -> None:
    _, text = _written(make_page)
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith(("#", " "))]
    assert keys == [
        "recorded_at",
        "duration_s",
        "engine",
        "versions",
        "verified_on",
        "images",
        "machine",
        "inputs_sha256",
        "snippets",
    ]
    assert "recorded_at: '20" in text  # a plain string, not a YAML timestamp
    assert "  a:\n    command_sha256: " in text


def test_an_older_file_loads_with_defaults_and_a_newer_one_ignores_unknown_entries() -> None:
    older = Provenance.from_data({"duration_s": 50})
    assert older.duration_s == 50.0 and older.machine == {} and older.snippets == {} and older.recorded_at is None
    newer = Provenance.from_data(
        {
            "recorded_at": "2026-11-30T14:43:56Z",
            "verified_on": ["28.5.2"],
            "snippets": {"a": {"exit_status": 130, "colour": True}, "b": None},
        }
    )
    assert newer.recorded_at == datetime(2026, 11, 30, 14, 43, 56, tzinfo=UTC)
    assert newer.snippet("a") == SnippetRecord(exit_status=130)
    assert newer.snippet("b") == SnippetRecord()


def test_the_note_names_each_stand_in_with_a_link_to_its_section() -> None:
    provenance = Provenance.from_data(
        {"recorded_at": "2026-11-30T14:43:56Z", "versions": {"engine": "26.1.5+dfsg1"}, "images": ORIGINS}
    )
    assert provenance.stand_ins == ["debian:latest", "nginx:latest"]
    note = recording_note(provenance, EXPLAINED_AT)
    assert note.startswith("Outputs recorded on 30 November 2026 at 14:43 UTC with Docker Engine 26.1.5, ")
    assert (
        "Stand-ins, not the official images: "
        "`debian:latest` ([debootstrap of Debian trixie](how-outputs-are-made.md#stand-in-debian)), "
        "`nginx:latest` ([built from Debian trixie packages](how-outputs-are-made.md#stand-in-nginx))"
    ) in note
    assert "`redis:latest` official" in note
    assert note.endswith("[How these outputs are made](how-outputs-are-made.md)\n{: .provenance }\n")


def test_a_page_of_official_images_names_no_stand_in() -> None:
    note = recording_note(Provenance.from_data({"images": {"python:3.13-slim": "official"}}), EXPLAINED_AT)
    assert "stand-in" not in note.lower()
    assert "`python:3.13-slim` official" in note


def test_a_damaged_recording_is_one_clear_error_naming_file_and_line(make_page) -> None:
    root = make_page("demo", {"a": "echo a"})
    (page,) = load_pages(Project(root))
    page.provenance_path.write_text("duration_s: 1\n<<<<<<< HEAD\nsnippets: {\n")
    with pytest.raises(InputError, match=r"recording.yml:\d+: not as the recorder wrote it .*record the page again"):
        Provenance.load(page)
    page.provenance_path.write_text("- a list\n")
    with pytest.raises(InputError, match="recording.yml:1: .*not a mapping"):
        Provenance.load(page)


def test_the_note_names_the_image_store_of_the_recording_and_of_each_engine_verified_on() -> None:
    current = {"engine": "28.5.2+dfsg4", "compose": "2.40.3-3", "buildx": "0.29.1+ds1", "image_store": "containerd"}
    classic = {**current, "image_store": "classic"}
    stable = {"engine": "26.1.5+dfsg1", "image_store": "classic"}
    provenance = Provenance.from_data(
        {"versions": current, "verified_on": {"current": current, "classic": classic, "stable": stable}}
    )
    note = recording_note(provenance, EXPLAINED_AT)
    assert note.startswith(
        "Outputs recorded with Docker Engine 28.5.2 (containerd image store), Docker Compose 2.40.3, Buildx 0.29.1. "
        "Every command also verified on Docker Engine 28.5.2 (classic image store) and "
        "Docker Engine 26.1.5 (classic image store). "
    )
