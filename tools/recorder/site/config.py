"""A site's configuration: where its pages and snippets are, and what the recorder calls things.

It comes from the `[tool.recorder]` table of the site's `pyproject.toml` and from its
`mkdocs.yml` (`docs_dir`, and the base paths of `pymdownx.snippets`, against which include
lines are resolved as MkDocs resolves them). Every key has a default, so a site with neither
table nor key works; an unknown key or a value of the wrong type is an error naming the file
and line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from recorder.compare.masks import MaskRule
from recorder.errors import InputError
from recorder.naming import Naming

CONFIG_FILE = "pyproject.toml"
TABLE = "tool.recorder"
# The package's own sandbox and registry definitions, shipped inside it, so that `pip install`
# of the recorder is enough to record.
PACKAGE_IMAGES = Path(__file__).resolve().parents[1] / "images"


@dataclass(frozen=True)
class SiteConfig:
    """Everything the recorder needs to know about one site, with paths resolved."""

    root: Path
    docs: Path
    snippets: Path
    include_paths: tuple[Path, ...]
    workdir: str
    naming: Naming
    standins: Path | None
    images: Path
    provenance_page: str
    output_title: str
    bench_page: str | None
    # Site-wide masks ([[tool.recorder.masks]]), applied to every snippet before its own.
    masks: tuple[MaskRule, ...]


# key: (type, default, what it is) -- the defaults suit any site; the tutorial sets its own.
KEYS: dict[str, tuple[type, Any, str]] = {
    "mkdocs": (str, "mkdocs.yml", "the MkDocs configuration, relative to the site's folder"),
    "snippets": (str, "snippets", "the folder of the snippets (one folder per page), relative to the site's folder"),
    "workdir": (str, "/work", "the reader's working directory in the sandbox, where a page's files/ go"),
    "label_prefix": (str, "org.mkdocs-recorder", "the prefix of the labels on every object a run makes"),
    "name_prefix": (str, "mkdocs-recorder", "the prefix of the names of a run's containers, networks and volumes"),
    "standins": (str, "", "the stand-in catalogue's folder (images.yml), relative to the site's folder; none if empty"),
    "images": (str, "", "the sandbox and registry definitions; the package's own if empty"),
    "provenance_page": (str, "", "the page that explains the recordings and stand-ins (linked from every page)"),
    "output_title": (str, "Console output", "the title of every output block"),
    "bench_page": (str, "", "the page `make bench` times against the same commands piped to bash"),
    "masks": (list, [], "site-wide masks: a list of tables with pattern, placeholder and optional consistent"),
}
MASK_KEYS = {"pattern": str, "placeholder": str, "consistent": bool}
PLACEHOLDER = re.compile(r"[a-z][a-z0-9-]*")


def load_config(root: Path) -> SiteConfig:
    """The configuration of the site in root, from its pyproject.toml and mkdocs.yml."""
    root = root.resolve()
    path = root / CONFIG_FILE
    table = _table(path) if path.is_file() else {}
    values = {key: default for key, (_, default, _) in KEYS.items()}
    for key, value in table.items():
        if key not in KEYS:
            raise InputError(path, _line(path, key), f"unknown key '{key}' in [{TABLE}] (known: {', '.join(KEYS)})")
        kind = KEYS[key][0]
        if not isinstance(value, kind):
            raise InputError(path, _line(path, key), f"'{key}' in [{TABLE}] must be a {kind.__name__}")
        values[key] = value
    snippets = root / values["snippets"]
    docs, include_paths = _mkdocs(root / values["mkdocs"], snippets)
    images = values["images"]
    return SiteConfig(
        root=root,
        docs=docs,
        snippets=snippets,
        include_paths=include_paths,
        workdir=values["workdir"],
        naming=Naming(values["label_prefix"], values["name_prefix"]),
        standins=root / values["standins"] if values["standins"] else None,
        images=root / images if images else PACKAGE_IMAGES,
        provenance_page=values["provenance_page"],
        output_title=values["output_title"],
        bench_page=values["bench_page"] or None,
        masks=tuple(_mask(path, item) for item in values["masks"]),
    )


def _table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise InputError(path, int(line.group(1)) if line else 1, f"not valid TOML: {error}") from None
    table = data.get("tool", {}).get("recorder", {})
    if not isinstance(table, dict):
        raise InputError(path, _line(path, "recorder"), f"[{TABLE}] must be a table")
    return table


def _mask(path: Path, item: object) -> MaskRule:
    line = _line(path, "masks")
    if not isinstance(item, dict) or not {"pattern", "placeholder"} <= set(item) or set(item) - set(MASK_KEYS):
        raise InputError(path, line, "each of [tool.recorder] masks has a pattern, a placeholder and maybe consistent")
    for key, kind in MASK_KEYS.items():
        if key in item and not isinstance(item[key], kind):
            raise InputError(path, line, f"'{key}' of a mask in [{TABLE}] must be a {kind.__name__}")
    try:
        compiled = re.compile(item["pattern"])
    except re.error as error:
        raise InputError(path, line, f"mask pattern {item['pattern']!r} is not a regular expression: {error}") from None
    if compiled.search(""):
        raise InputError(path, line, f"mask pattern {item['pattern']!r} matches empty text: it would mask nothing")
    if not PLACEHOLDER.fullmatch(item["placeholder"]):
        raise InputError(path, line, f"mask placeholder {item['placeholder']!r} must be a name such as 'time'")
    return MaskRule(
        item["placeholder"],
        compiled,
        item["placeholder"],
        "set by the site's configuration",
        consistent=item.get("consistent", False),
        matches=f"`{item['pattern']}`",
    )


def _line(path: Path, key: str) -> int:
    """The line a key is set on (TOML's parser keeps no positions), for the error message."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(rf"\s*(\[+\s*)?[\w.]*\b{re.escape(key)}\b", text):
            return number
    return 1


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data: MkDocs' own tags (!ENV, !!python/name:...) become their plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if values else None  # !ENV [NAME, default]: the default
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("!", _any_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def _mkdocs(path: Path, snippets: Path) -> tuple[Path, tuple[Path, ...]]:
    """docs_dir and the snippets extension's base paths, resolved against mkdocs.yml's folder
    (a site with no mkdocs.yml, such as a test's, includes from its snippets folder)."""
    folder = path.parent
    if not path.is_file():
        return folder / "docs", (snippets.resolve(),)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(path, mark.line + 1 if mark else 1, f"not valid YAML: {error}") from None
    docs = folder / str(data.get("docs_dir", "docs"))
    base: object = ["."]
    for extension in data.get("markdown_extensions") or []:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            base = (extension["pymdownx.snippets"] or {}).get("base_path", ["."])
    paths = [base] if isinstance(base, str) else list(base) if isinstance(base, list) and base else ["."]
    return docs, tuple((folder / str(entry)).resolve() for entry in paths)
