"""Finds the snippets of each page, in page order, from the page's own include lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from recorder.errors import InputError
from recorder.site.layout import (
    COMMAND_SUFFIX,
    FILES_DIR,
    HTML_SUFFIX,
    OPTIONS_FILE,
    OUTPUT_SUFFIX,
    PROVENANCE_FILE,
    RECORDING_NOTE_FILE,
)
from recorder.site.options import SnippetOptions, load_options

INCLUDE = re.compile(r"""^\s*-{1,}8<-{1,}\s+(["'])(?P<path>[^"']+)\1\s*$""")


@dataclass(frozen=True)
class Snippet:
    """One command of a page, with where its output goes and how to run it."""

    page: str
    name: str
    command_path: Path
    output_path: Path
    doc_line: int
    options: SnippetOptions

    @property
    def html_path(self) -> Path:
        """The output as the site shows it, written beside the `.out` file."""
        return self.output_path.with_suffix(HTML_SUFFIX)

    @property
    def command(self) -> str:
        return self.command_path.read_text(encoding="utf-8").rstrip("\n")


@dataclass(frozen=True)
class Page:
    """A page of the site and the snippets it runs, in the order a reader meets them."""

    name: str
    doc_path: Path
    folder: Path
    snippets: tuple[Snippet, ...] = field(default=())

    @property
    def files_dir(self) -> Path:
        return self.folder / FILES_DIR

    @property
    def provenance_path(self) -> Path:
        return self.folder / PROVENANCE_FILE

    @property
    def recording_note_path(self) -> Path:
        return self.folder / RECORDING_NOTE_FILE


@dataclass(frozen=True)
class Project:
    """Where the pages and snippets of a site live (a temporary copy in tests)."""

    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def snippets(self) -> Path:
        return self.root / "snippets"


def load_pages(project: Project, names: list[str] | None = None) -> list[Page]:
    """Every page that runs snippets, or only the named ones (so a broken page elsewhere does not block them)."""
    docs = sorted(project.docs.rglob("*.md"))
    if not names:
        return [page for doc in docs if (page := load_page(project, doc))]
    by_name = {doc.relative_to(project.docs).with_suffix("").as_posix(): doc for doc in docs}
    pages = {name: load_page(project, by_name[name]) for name in names if name in by_name}
    unknown = [name for name in names if pages.get(name) is None]
    if unknown:
        raise InputError(project.docs, 0, f"no page runs snippets named {', '.join(unknown)}")
    return [page for page in pages.values() if page]


def load_page(project: Project, doc_path: Path) -> Page | None:
    """Parse one page; None when it runs no snippet. Errors name the page's file and line."""
    name = doc_path.relative_to(project.docs).with_suffix("").as_posix()
    folder = project.snippets / name
    includes = _includes(doc_path)
    commands: dict[str, int] = {}
    for line, target in includes:
        rel = Path(target)
        if rel.suffix == COMMAND_SUFFIX:
            if rel.parent.as_posix() != name:
                raise InputError(
                    doc_path,
                    line,
                    f"snippet {target} is not in this page's folder snippets/{name}/",
                )
            if rel.stem in commands:
                raise InputError(doc_path, line, f"snippet {target} is included twice")
            path = project.snippets / rel
            if not path.is_file():
                raise InputError(doc_path, line, f"snippet file snippets/{target} does not exist")
            if not path.read_text(encoding="utf-8").strip():
                raise InputError(path, 1, "empty snippet: it has no command to run")
            commands[rel.stem] = line
        elif rel.suffix == OUTPUT_SUFFIX and rel.parent.as_posix() == name:
            raise InputError(
                doc_path,
                line,
                f"include the output as {rel.with_suffix(HTML_SUFFIX)} (the recorder's rendering, in colour), "
                f"not {target}",
            )
        elif rel.suffix == HTML_SUFFIX and rel.parent.as_posix() == name and rel.stem not in commands:
            raise InputError(
                doc_path,
                line,
                f"output {target} has no snippet {rel.with_suffix(COMMAND_SUFFIX)} before it on the page",
            )
    if not commands:
        return None
    options = load_options(folder / OPTIONS_FILE)
    for snippet_name, opts in options.items():
        if snippet_name not in commands:
            raise InputError(
                folder / OPTIONS_FILE,
                opts.line,
                f"options for unknown snippet '{snippet_name}' (not on page {name})",
            )
    order = list(commands)
    for snippet_name, opts in options.items():
        source = opts.names_from
        if source is not None and (source not in commands or order.index(source) >= order.index(snippet_name)):
            raise InputError(
                folder / OPTIONS_FILE,
                opts.line,
                f"names_from of '{snippet_name}' must name an earlier snippet of the page, not '{source}'",
            )
    snippets = tuple(
        Snippet(
            page=name,
            name=snippet_name,
            command_path=folder / f"{snippet_name}{COMMAND_SUFFIX}",
            output_path=folder / f"{snippet_name}{OUTPUT_SUFFIX}",
            doc_line=line,
            options=options.get(snippet_name, SnippetOptions()),
        )
        for snippet_name, line in commands.items()
    )
    return Page(name=name, doc_path=doc_path, folder=folder, snippets=snippets)


def _includes(doc_path: Path) -> list[tuple[int, str]]:
    """The snippet include lines of a page, with their line numbers."""
    found = []
    for number, text in enumerate(doc_path.read_text(encoding="utf-8").splitlines(), start=1):
        match = INCLUDE.match(text)
        if match:
            found.append((number, match.group("path")))
    return found
