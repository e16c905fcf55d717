"""Parsing pages, snippets and options: the order, and bad input naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ROOT
from recorder.errors import InputError
from recorder.site.pages import Project, load_pages


def test_snippets_come_in_page_order_with_their_options(make_page) -> None:
    root = make_page(
        "demo",
        {"02-second": "echo two", "01-first": "echo one"},
        options="01-first:\n  timeout: 5\n  input: [ls, exit]\n",
    )
    (page,) = load_pages(Project(root))
    assert [s.name for s in page.snippets] == ["02-second", "01-first"]
    first = page.snippets[1]
    assert first.options.timeout == 5
    assert first.options.input == ("ls", "exit")
    assert first.options.expected_status == 0
    assert first.command == "echo one"


def test_interrupted_snippets_expect_status_130_unless_told(make_page) -> None:
    root = make_page(
        "demo",
        {"a": "docker logs -f x", "b": "false", "c": "docker logs -f y"},
        options="a:\n  interrupt_after: 2\nb:\n  exit_status: 1\nc:\n  interrupt_when: 'ready$'\n",
    )
    (page,) = load_pages(Project(root))
    assert [s.options.expected_status for s in page.snippets] == [130, 1, 130]


def test_pages_without_snippets_are_not_run(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "prose.md").write_text("# Only words\n")
    assert load_pages(Project(tmp_path)) == []


def _error(root: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_pages(Project(root))
    return caught.value


def test_missing_snippet_names_page_and_line(make_page) -> None:
    root = make_page("demo", {"a": "echo a"})
    (root / "snippets" / "demo" / "a.sh").unlink()
    error = _error(root)
    doc_lines = (root / "docs" / "demo.md").read_text().splitlines()
    assert error.path == root / "docs" / "demo.md"
    assert error.line == doc_lines.index('--8<-- "demo/a.sh"') + 1
    assert f":{error.line}: " in str(error)
    assert "does not exist" in str(error)
    assert error.exit_status == 2


def test_empty_snippet_names_its_file(make_page) -> None:
    root = make_page("demo", {"a": "   "})
    error = _error(root)
    assert error.path.name == "a.sh" and error.line == 1
    assert "empty snippet" in str(error)


def test_output_without_snippet_names_page_and_line(make_page) -> None:
    root = make_page("demo", {"a": "echo a"})
    doc = root / "docs" / "demo.md"
    doc.write_text(doc.read_text() + '\n--8<-- "demo/b.html"\n')
    error = _error(root)
    assert error.path == doc
    assert error.line == len(doc.read_text().splitlines())
    assert "has no snippet" in str(error)


def test_an_output_included_as_plain_text_points_to_its_rendering(make_page) -> None:
    root = make_page("demo", {"a": "echo a"})
    doc = root / "docs" / "demo.md"
    doc.write_text(doc.read_text() + '\n```\n--8<-- "demo/a.out"\n```\n')
    error = _error(root)
    assert error.line == len(doc.read_text().splitlines()) - 1
    assert "include the output as demo/a.html" in str(error)


@pytest.mark.parametrize(
    ("options", "line", "message"),
    [
        ("a:\n  timeout: 5\n  colour: red\n", 3, "unknown option 'colour'"),
        ("a:\n  timeout: soon\n", 2, "option 'timeout' of snippet 'a' must be"),
        ("a:\n  input: ls\n", 2, "option 'input' of snippet 'a' must be a list"),
        ("a:\n  exit_status: 300\n", 2, "exit status from 0 to 255"),
        ("a:\n  input_prompt: '['\n", 2, "regular expression"),
        ("zzz:\n  timeout: 5\n", 1, "unknown snippet 'zzz'"),
        ("a: [1, 2\n", 2, "not valid YAML"),
        ("a:\n  timeout: 1\na:\n  timeout: 2\n", 3, "given twice"),
        ("a:\n  names_from: a\n", 1, "must name an earlier snippet"),
        ("a:\n  masks: 'real .*'\n", 2, "option 'masks' of snippet 'a' must be a list of masks"),
        ("a:\n  masks: []\n", 2, "option 'masks' of snippet 'a' must be a list of masks"),
        ("a:\n  masks:\n    - 'real .*'\n", 3, "must be a mapping with 'pattern' and 'placeholder'"),
        ("a:\n  masks:\n    - pattern: x\n      placeholder: t\n      colour: red\n", 5, "unknown key 'colour'"),
        ("a:\n  masks:\n    - placeholder: time\n", 3, "mask of snippet 'a' has no 'pattern'"),
        ("a:\n  masks:\n    - pattern: x\n", 3, "mask of snippet 'a' has no 'placeholder'"),
        ("a:\n  masks:\n    - placeholder: t\n      pattern: '(x'\n", 4, "Python regular expression"),
        ("a:\n  masks:\n    - pattern: '\\d*'\n      placeholder: n\n", 3, "matches an empty string"),
        ("a:\n  masks:\n    - pattern: x\n      placeholder: Time Now\n", 4, "must be a name such as"),
        ("a:\n  masks:\n    - pattern: x\n      placeholder: t\n      consistent: maybe\n", 5, "true or false"),
        (
            "a:\n  unmask: [relative-time, colour]\n",
            2,
            "a list of mask rules: layer-line-order, build-layer-order, build-step-order",
        ),
        ("a:\n  unmask: relative-time\n", 2, "a list of mask rules"),
        ("a:\n  interrupt_when: '(ready'\n", 2, "option 'interrupt_when' of snippet 'a' must be a regular expression"),
        ("a:\n  interrupt_when: '.*'\n", 2, "a regular expression that matches no empty text"),
        ("a:\n  interrupt_after: 3\n  interrupt_when: ready\n", 1, "has both interrupt_after and interrupt_when"),
    ],
)
def test_bad_options_name_file_and_line(make_page, options: str, line: int, message: str) -> None:
    root = make_page("demo", {"a": "echo a"}, options=options)
    error = _error(root)
    assert error.path.name == "options.yml"
    assert error.line == line
    assert message in str(error)


def test_masks_and_unmask_become_the_snippets_rules(make_page) -> None:
    options = (
        "a:\n"
        "  masks:\n"
        "    - pattern: 'real\\s+\\d+m[\\d.]+s'\n"
        "      placeholder: time\n"
        "    - pattern: 'port \\d+'\n"
        "      placeholder: port\n"
        "      consistent: true\n"
        "  unmask: [relative-time]\n"
    )
    (page,) = load_pages(Project(make_page("demo", {"a": "echo a"}, options=options)))
    opts = page.snippets[0].options
    assert [(m.placeholder, m.consistent) for m in opts.masks] == [("time", False), ("port", True)]
    names = [rule.name for rule in page.snippets[0].rules]
    assert "relative-time" not in names
    assert names.index("build-step-order") < names.index("time") < names.index("digest")


def test_snippet_from_another_pages_folder_is_refused(make_page) -> None:
    root = make_page("demo", {"a": "echo a"})
    make_page("other", {"b": "echo b"})
    doc = root / "docs" / "demo.md"
    doc.write_text(doc.read_text() + '\n--8<-- "other/b.sh"\n')
    assert "not in this page's folder" in str(_error(root))


def test_a_script_among_the_files_a_page_works_with_is_shown_not_run(make_page) -> None:
    root = make_page("demo", {"a": "sh entrypoint.sh"})
    make_page("other", {"b": "echo b"})
    for page in ("demo", "other"):
        files = root / "snippets" / page / "files"
        files.mkdir()
        (files / "entrypoint.sh").write_text('echo starting\nexec "$@"\n')
    doc = root / "docs" / "demo.md"
    shown = '``` { .sh title="entrypoint.sh" }\n--8<-- "%s/files/entrypoint.sh"\n```\n'
    doc.write_text(shown % "demo" + doc.read_text() + shown % "other")
    (page, _) = load_pages(Project(root))
    assert [snippet.name for snippet in page.snippets] == ["a"]


def test_a_named_page_loads_even_when_another_page_is_broken(make_page) -> None:
    root = make_page("demo", {"a": "echo a"})
    make_page("broken", {"b": "echo b"})
    (root / "snippets" / "broken" / "b.sh").unlink()
    (page,) = load_pages(Project(root), ["demo"])
    assert page.name == "demo"
    with pytest.raises(InputError, match="does not exist"):
        load_pages(Project(root))


def test_unknown_page_name_is_refused(make_page) -> None:
    root = make_page("demo", {"a": "echo a"})
    with pytest.raises(InputError, match="no page runs snippets named nope"):
        load_pages(Project(root), ["nope"])


def test_the_real_site_parses() -> None:
    pages = load_pages(Project(ROOT))
    names = [page.name for page in pages]
    assert "hello-world" in names
    hello = next(page for page in pages if page.name == "hello-world")
    assert hello.snippets[0].command == "docker -v"
