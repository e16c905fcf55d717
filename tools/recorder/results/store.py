"""Writes a page's recorded outputs and their provenance, all or nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from recorder.digests import update_with_folder
from recorder.errors import SnippetError
from recorder.origins import Origin
from recorder.results.output_html import output_html
from recorder.results.runs import PageRun, SnippetRun
from recorder.site.layout import HTML_SUFFIX, OUTPUT_SUFFIX
from recorder.site.pages import Page
from recorder.site.provenance import Provenance, SnippetRecord, now
from recorder.site.recording_note import recording_note


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


def write_page(run: PageRun, origins: Mapping[str, Origin], image_ids: list[str], engine: str) -> None:
    """Write every output (text and HTML) and command, then the provenance, each by an atomic rename.

    Nothing is written unless the whole page ran, so a failed run keeps the previous files.
    The inputs hash is taken after the commands are written: a command that took this run's
    generated names (`names_from`) is part of what the next record compares against.
    """
    page = run.page
    files: dict[Path, str] = {}
    snippets = {}
    for snippet_run in run.runs:
        _check_own_masks(snippet_run)
        snippet = snippet_run.snippet
        files[snippet.output_path] = snippet_run.output
        files[snippet.html_path] = output_html(
            snippet_run.screen, f"{page.name}/{snippet.name}", page.site.output_title
        )
        if snippet_run.command != snippet.command:
            files[snippet.command_path] = snippet_run.command + "\n"
        snippets[snippet.name] = SnippetRecord(
            command_sha256=sha256(snippet_run.command),
            output_sha256=sha256(snippet_run.output),
            html_sha256=sha256(files[snippet.html_path]),
            exit_status=snippet_run.status,
        )
    _replace_all(files)
    provenance = Provenance(
        recorded_at=now(),
        duration_s=round(run.seconds, 1),
        engine=engine,
        versions=dict(run.versions),
        verified_on={engine: dict(run.versions)},
        images={image: str(origins[image]) for image in run.images_used if image in origins},
        machine=dict(run.machine),
        inputs_sha256=inputs_hash(page, image_ids),
        snippets=snippets,
    )
    _write_provenance(page, provenance)


def record_verification(page: Page, engine: str, versions: dict[str, str]) -> None:
    """Note that every command of the page ran as recorded on this engine (versions as given).

    The files are rewritten only when that adds or changes an entry, so checking twice on the
    same engine leaves them as they were.
    """
    provenance = Provenance.load(page)
    if provenance is None or provenance.verified_on.get(engine) == versions:
        return
    verified = {**provenance.verified_on, engine: dict(versions)}
    _write_provenance(page, dataclasses.replace(provenance, verified_on=verified))


def _write_provenance(page: Page, provenance: Provenance) -> None:
    _replace_all(
        {
            page.recording_note_path: recording_note(provenance, page.site.provenance_page),
            page.provenance_path: provenance.to_yaml(),
        }
    )


def _check_own_masks(snippet_run: SnippetRun) -> None:
    """A snippet's own mask that matches nothing in its output is a mistake (a typo, a changed
    output): it would hide nothing, so the page is not written."""
    snippet = snippet_run.snippet
    lines = snippet_run.output.splitlines()
    for mask in snippet.options.masks:
        if not any(mask.pattern.search(line) for line in lines):
            raise SnippetError(
                snippet.page,
                snippet.name,
                f"mask '{mask.placeholder}' ({mask.pattern.pattern}) matches nothing in the output; "
                "fix or remove it in options.yml",
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
