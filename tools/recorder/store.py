"""Writes a page's recorded outputs and their provenance, all or nothing."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from recorder.digests import update_with_folder
from recorder.pages import Page
from recorder.runner import PageRun

HEADER = "# Written by the recorder (make record). Do not edit: make check compares against it.\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def inputs_hash(page: Page, image_ids: list[str]) -> str:
    """What a recording depends on: commands, options, page files and the images used."""
    digest = hashlib.sha256("\0".join(image_ids).encode())
    update_with_folder(digest, page.folder, skip=lambda path: path.suffix == ".out" or path == page.provenance_path)
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


def recorded_engine(page: Page) -> str | None:
    """The sandbox engine (`--engine`) a page's outputs came from; None if never recorded or not said."""
    provenance = Provenance.load(page)
    return provenance.data.get("engine") if provenance else None


def write_page(run: PageRun, origins: dict[str, str], image_ids: list[str], engine: str) -> None:
    """Write every output and command, then the provenance, each by an atomic rename.

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
        if snippet_run.command != snippet.command:
            files[snippet.command_path] = snippet_run.command + "\n"
        snippets[snippet.name] = {
            "command_sha256": sha256(snippet_run.command),
            "output_sha256": sha256(snippet_run.output),
            "exit_status": snippet_run.status,
        }
    _replace_all(files)
    provenance = {
        "recorded_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "duration_s": round(run.seconds, 1),
        "engine": engine,
        "versions": run.versions,
        "verified_on": {engine: dict(run.versions)},  # a copy, so YAML writes it out rather than as an alias
        "images": {image: origins[image] for image in run.images_used if image in origins},
        "inputs_sha256": inputs_hash(page, image_ids),
        "snippets": snippets,
    }
    _replace_all({page.provenance_path: HEADER + yaml.safe_dump(provenance, sort_keys=False)})


def record_verification(page: Page, engine: str, versions: dict[str, str]) -> None:
    """Note that every command of the page ran as recorded on this engine (versions as given).

    The file is rewritten only when that adds or changes an entry, so checking twice on the
    same engine leaves it as it was.
    """
    provenance = Provenance.load(page)
    if provenance is None or (provenance.data.get("verified_on") or {}).get(engine) == versions:
        return
    data = dict(provenance.data)
    data["verified_on"] = {**(data.get("verified_on") or {}), engine: versions}
    _replace_all({page.provenance_path: HEADER + yaml.safe_dump(data, sort_keys=False)})


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
