"""Finds the snippets of each page, in page order, from the page's own include lines.

An include line names a file relative to the base paths of `pymdownx.snippets` (from the
site's mkdocs.yml), tried in order as MkDocs tries them; a file in the snippets folder is a
command (NAME.sh) or its rendering (NAME.html) when it lies in the page's own folder, and a
file a page works with when it lies in a page's `files/` (a script there is shown, not run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from recorder.compare.masks import MaskRule, Rule, snippet_pipeline
from recorder.errors import InputError
from recorder.site.config import SiteConfig, load_config
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
    # The site's own masks (its configuration's), which every snippet of the site gets.
    site_masks: tuple[MaskRule, ...] = ()

    @property
    def rules(self) -> tuple[Rule, ...]:
        """How check masks this snippet's output: the built-in rules it keeps, the site's, its own."""
        return snippet_pipeline((*self.site_masks, *self.options.masks), self.options.unmask)

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
    site: SiteConfig
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
    """A site: its folder and its configuration (read from the folder when not given)."""

    root: Path
    config: SiteConfig = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.config is None:
            object.__setattr__(self, "config", load_config(self.root))

    @property
    def docs(self) -> Path:
        return self.config.docs

    @property
    def snippets(self) -> Path:
        return self.config.snippets


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
    commands = _commands(project, doc_path, name)
    if not commands:
        return None
    options = load_options(folder / OPTIONS_FILE)
    _check_options(folder / OPTIONS_FILE, name, list(commands), options)
    snippets = tuple(
        Snippet(
            page=name,
            name=snippet_name,
            command_path=folder / f"{snippet_name}{COMMAND_SUFFIX}",
            output_path=folder / f"{snippet_name}{OUTPUT_SUFFIX}",
            doc_line=line,
            options=options.get(snippet_name, SnippetOptions()),
            site_masks=project.config.masks,
        )
        for snippet_name, line in commands.items()
    )
    return Page(name=name, doc_path=doc_path, folder=folder, site=project.config, snippets=snippets)


def _commands(project: Project, doc_path: Path, name: str) -> dict[str, int]:
    """The page's snippets in the order it includes them, each with its include's line; an
    include that cannot be right (another page's snippet, a raw output, an output before its
    command) is an error there."""
    commands: dict[str, int] = {}
    for line, target in _includes(doc_path):
        rel = _page_part(project.config, target)
        if rel is None:
            continue
        own = rel.parent.as_posix() == name
        if rel.suffix == COMMAND_SUFFIX:
            if not own:
                raise InputError(doc_path, line, f"snippet {target} is not in this page's folder snippets/{name}/")
            if rel.stem in commands:
                raise InputError(doc_path, line, f"snippet {target} is included twice")
            path = project.snippets / rel
            if not path.is_file():
                raise InputError(doc_path, line, f"snippet file {_shown(project, path)} does not exist")
            if not path.read_text(encoding="utf-8").strip():
                raise InputError(path, 1, "empty snippet: it has no command to run")
            commands[rel.stem] = line
        elif rel.suffix == OUTPUT_SUFFIX and own:
            raise InputError(
                doc_path,
                line,
                f"include the output as {rel.with_suffix(HTML_SUFFIX)} (the recorder's rendering, in colour), "
                f"not {target}",
            )
        elif rel.suffix == HTML_SUFFIX and own and rel.stem not in commands:
            raise InputError(
                doc_path,
                line,
                f"output {target} has no snippet {rel.with_suffix(COMMAND_SUFFIX)} before it on the page",
            )
    return commands


def _page_part(site: SiteConfig, target: str) -> Path | None:
    """The include's path in the snippets folder, if it is a command, an output or the like;
    None for a file from elsewhere (a stand-in's notes) or one a page works with (its `files/`,
    an entrypoint.sh say, shown as it is): nothing to run."""
    rel = _in_snippets(site, target)
    if rel is None or rel.parts[1:2] == (FILES_DIR,):
        return None
    return rel


def _check_options(path: Path, page: str, order: list[str], options: dict[str, SnippetOptions]) -> None:
    """Options name only the page's snippets, and `names_from` an earlier one."""
    for snippet_name, opts in options.items():
        if snippet_name not in order:
            raise InputError(path, opts.line, f"options for unknown snippet '{snippet_name}' (not on page {page})")
    for snippet_name, opts in options.items():
        source = opts.names_from
        if source is not None and (source not in order or order.index(source) >= order.index(snippet_name)):
            raise InputError(
                path,
                opts.line,
                f"names_from of '{snippet_name}' must name an earlier snippet of the page, not '{source}'",
            )


def _in_snippets(config: SiteConfig, target: str) -> Path | None:
    """An include's file relative to the snippets folder, found as pymdownx.snippets finds it
    (the first base path that has it; for a missing file, the first base path in the snippets
    folder, so that its absence is reported); None for a file outside the snippets folder."""
    snippets = config.snippets.resolve()
    candidates = [(base / target).resolve() for base in config.include_paths]
    existing = [path for path in candidates if path.exists()]
    for path in existing[:1] or candidates:
        if path.is_relative_to(snippets):
            return path.relative_to(snippets)
    return None


def _includes(doc_path: Path) -> list[tuple[int, str]]:
    """The snippet include lines of a page, with their line numbers."""
    found = []
    for number, text in enumerate(doc_path.read_text(encoding="utf-8").splitlines(), start=1):
        match = INCLUDE.match(text)
        if match:
            found.append((number, match.group("path")))
    return found


def _shown(project: Project, path: Path) -> str:
    """A path as a message shows it: relative to the site's folder where it lies in it."""
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)
