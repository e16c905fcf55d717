"""A site's configuration: [tool.recorder] in pyproject.toml, and what mkdocs.yml says of its pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ROOT
from recorder.compare.drift import PageComparison
from recorder.errors import InputError
from recorder.site.config import PACKAGE_IMAGES, load_config
from recorder.site.pages import Project, load_pages


def test_the_tutorials_configuration_says_where_everything_is() -> None:
    site = load_config(ROOT)
    assert site.docs == ROOT / "docs" and site.snippets == ROOT / "snippets"
    # pymdownx.snippets' base paths, from mkdocs.yml, in its order
    assert site.include_paths == (ROOT / "snippets", ROOT / "images")
    assert site.workdir == "/tutorial" and site.provenance_page == "how-outputs-are-made.md"
    assert (
        site.naming.run_label == "org.docker-tutorial.run"
        and site.naming.image("x") == "mkdocs-recorder/x"
        and site.naming.lease_name("r1") == "docker-tutorial-r1-lease"
    )
    # The tutorial's stand-ins are the site's, not the package's: the package holds only the
    # sandbox's and the registry's definitions.
    assert site.standins == ROOT / "images" / "standins" and (site.standins / "images.yml").is_file()
    assert not (PACKAGE_IMAGES / "standins").exists()
    assert site.images == PACKAGE_IMAGES and site.bench_page == "hello-world"


def test_a_site_with_neither_table_nor_mkdocs_yml_gets_the_defaults(tmp_path: Path) -> None:
    site = load_config(tmp_path)
    assert site.docs == tmp_path / "docs" and site.include_paths == (tmp_path / "snippets",)
    assert site.naming.label_prefix == "org.mkdocs-recorder" and site.workdir == "/work"
    assert site.standins is None and site.provenance_page == "" and site.output_title == "Console output"


def _site(tmp_path: Path, table: str, mkdocs: str = "") -> Path:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.recorder]\n' + table)
    if mkdocs:
        (tmp_path / "mkdocs.yml").write_text(mkdocs)
    return tmp_path


def test_an_unknown_key_names_the_file_and_its_line(tmp_path: Path) -> None:
    root = _site(tmp_path, 'workdir = "/w"\ncolour = "red"\n')
    with pytest.raises(InputError, match=r"pyproject.toml:6: unknown key 'colour' in \[tool.recorder\]"):
        load_config(root)


def test_a_value_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"pyproject.toml:5: 'workdir' in \[tool.recorder\] must be a str"):
        load_config(_site(tmp_path, "workdir = 3\n"))


@pytest.mark.parametrize(
    ("mask", "message"),
    [
        ('{ pattern = "(", placeholder = "x" }', "is not a regular expression"),
        ('{ pattern = "a*", placeholder = "x" }', "matches empty text"),
        ('{ pattern = "a", placeholder = "X Y" }', "must be a name"),
        ('{ pattern = "a" }', "has a pattern, a placeholder"),
    ],
)
def test_a_bad_site_mask_is_one_line_naming_the_file(tmp_path: Path, mask: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_config(_site(tmp_path, f"masks = [{mask}]\n"))


def test_includes_resolve_against_mkdocs_base_paths_and_docs_dir(tmp_path: Path) -> None:
    """A base path may be one string, docs may live elsewhere; MkDocs' tags do not stop the reading."""
    mkdocs = "site_url: !ENV [SITE_URL, 'http://x/']\ndocs_dir: pages\nmarkdown_extensions:\n"
    mkdocs += "  - pymdownx.snippets:\n      base_path: examples\n"
    root = _site(tmp_path, 'snippets = "examples"\n', mkdocs)
    (root / "pages").mkdir()
    (root / "examples" / "demo").mkdir(parents=True)
    (root / "examples" / "demo" / "01-a.sh").write_text("echo a\n")
    (root / "pages" / "demo.md").write_text('# Demo\n\n```\n--8<-- "demo/01-a.sh"\n```\n')
    (page,) = load_pages(Project(root))
    assert [snippet.command for snippet in page.snippets] == ["echo a"]


def test_a_site_mask_hides_its_value_in_every_snippet(tmp_path: Path) -> None:
    root = _site(tmp_path, 'masks = [{ pattern = "build \\\\d+", placeholder = "build" }]\n')
    (root / "docs").mkdir()
    for name in ("one", "two"):
        (root / "snippets" / name).mkdir(parents=True)
        (root / "snippets" / name / "01-a.sh").write_text("echo a\n")
        (root / "docs" / f"{name}.md").write_text(f'```\n--8<-- "{name}/01-a.sh"\n```\n')
    for page in load_pages(Project(root)):
        (snippet,) = page.snippets
        comparison = PageComparison(page.name)
        assert comparison.compare("01-a", "made by build 41\n", "made by build 42\n", snippet.rules) is None
        assert comparison.compare("01-a", "made by build 41\n", "made by robot 42\n", snippet.rules) is not None
