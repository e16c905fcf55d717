"""Writes a page's recorded outputs and their provenance, all or nothing."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from recorder.digests import update_with_folder
from recorder.layout import HTML_SUFFIX, OUTPUT_SUFFIX
from recorder.output_html import output_html
from recorder.pages import Page
from recorder.recording_note import recording_note
from recorder.runner import PageRun

HEADER = "# Written by the recorder (make record). Do not edit: make check compares against it.\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def inputs_hash(page: Page, image_ids: list[str]) -> str:
    """What a recording depends on: commands, options, page files and the images used."""
    digest = hashlib.sha256("\0".join(image_ids).encode())
    written = {page.provenance_path, page.recording_note_path}
    update_with_folder(
        digest, page.folder, skip=lambda path: path.suffix in (OUTPUT_SUFFIX, HTML_SUFFIX) or path in written
    )
    return digest.hexdigest()


@dataclass(frozen=True)
class Provenance:
    """What was recorded, when, and with which engine and images."""

    data: dict

    @classmethod
    def load(cls, page: Page) -> Provenance | None:
        if not page.provenance_path.is_file():
            return None
        return cls(yaml.safe_load(page.provenance_path.read_text(encoding="utf-8")) or {})

    def snippet(self, name: str) -> dict:
        return (self.data.get("snippets") or {}).get(name) or {}


def write_page(run: PageRun, origins: dict[str, str], image_ids: list[str]) -> None:
    """Write every output (text and HTML) and command, then the provenance, each by an atomic rename.

    Nothing is written unless the whole page ran, so a failed run keeps the previous files.
    The inputs hash is taken after the commands are written: a command that took this run's
    generated names (`names_from`) is part of what the next record compares against.
    """
    page = run.page
    files: dict[Path, str] = {}
    snippets = {}
    for snippet_run in run.runs:
        snippet = snippet_run.snippet
        files[snippet.output_path] = snippet_run.output
        files[snippet.html_path] = output_html(snippet_run.screen, f"{page.name}/{snippet.name}")
        if snippet_run.command != snippet.command:
            files[snippet.command_path] = snippet_run.command + "\n"
        snippets[snippet.name] = {
            "command_sha256": sha256(snippet_run.command),
            "output_sha256": sha256(snippet_run.output),
            "html_sha256": sha256(files[snippet.html_path]),
            "exit_status": snippet_run.status,
        }
    _replace_all(files)
    provenance = {
        "recorded_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "duration_s": round(run.seconds, 1),
        "versions": run.versions,
        "images": {image: origins[image] for image in run.images_used if image in origins},
        "inputs_sha256": inputs_hash(page, image_ids),
        "snippets": snippets,
    }
    _replace_all(
        {
            page.recording_note_path: recording_note(provenance),
            page.provenance_path: HEADER + yaml.safe_dump(provenance, sort_keys=False),
        }
    )


def _replace_all(files: dict[Path, str]) -> None:
    """Write each file beside its target first, then rename them all into place."""
    temporary = {path: path.with_name(f".{path.name}.tmp") for path in files}
    try:
        for path, text in files.items():
            temporary[path].write_text(text, encoding="utf-8")
        for path in files:
            os.replace(temporary[path], path)
    finally:
        for tmp in temporary.values():
            tmp.unlink(missing_ok=True)
