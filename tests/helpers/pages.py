"""Small pages written into temporary projects, in the form the real site's pages take."""

from __future__ import annotations

from pathlib import Path


def command_block(page: str, name: str) -> str:
    return f'``` {{ .bash .command }}\n--8<-- "{page}/{name}.sh"\n```\n'


def output_block(page: str, name: str) -> str:
    return f'--8<-- "{page}/{name}.html"\n'


def write_page(root: Path, page: str, snippets: dict[str, str], options: str = "", with_outputs: bool = True) -> Path:
    """Write a small page with the given snippets (name -> command) into the project at root."""
    docs = root / "docs"
    folder = root / "snippets" / page
    folder.mkdir(parents=True, exist_ok=True)
    docs.mkdir(exist_ok=True)
    blocks = [f"# {page}\n"]
    for name, command in snippets.items():
        (folder / f"{name}.sh").write_text(command + "\n")
        blocks.append(command_block(page, name))
        if with_outputs:
            blocks.append(output_block(page, name))
    (docs / f"{page}.md").write_text("\n".join(blocks))
    if options:
        (folder / "options.yml").write_text(options)
    return root


def snippet_files(root: Path) -> dict[str, bytes]:
    """Every file under root's snippets/, by relative path: to tell whether a run changed any."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "snippets").rglob("*")) if p.is_file()}
