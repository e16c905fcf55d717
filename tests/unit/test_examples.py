"""The documentation the recorder's code makes (the examples of "Writing a page", the table of
configuration keys) is what it makes today."""

from __future__ import annotations

from helpers import ROOT
from recorder.site.config import KEYS
from recorder.site.options import DEFAULT_INPUT_PROMPT, DEFAULT_TIMEOUT, OPTIONS, SnippetOptions, load_options
from recorder_dev.examples import (
    ARCHITECTURE,
    DRIFT_REPORT,
    FOLDER,
    OPTIONS_TABLE,
    RULES_TABLE,
    options_table,
    rules_table,
    with_configuration_table,
)

PAGE = ROOT / "docs" / "writing-a-page.md"
STALE = "stale: run `python tools/recorder_dev/examples.py` and commit what it writes"


def test_the_table_of_mask_rules_is_made_from_the_rules() -> None:
    assert (ROOT / FOLDER / RULES_TABLE).read_text() == rules_table(), STALE


def test_the_table_of_options_is_made_from_the_schema_the_loader_checks() -> None:
    assert (ROOT / FOLDER / OPTIONS_TABLE).read_text() == options_table(), STALE


def test_the_options_table_states_the_defaults_the_loader_gives(tmp_path) -> None:
    options = tmp_path / "options.yml"
    options.write_text("a:\n  names_from: b\n")
    loaded = load_options(options)["a"]
    assert loaded.timeout == DEFAULT_TIMEOUT == SnippetOptions().timeout
    assert OPTIONS["timeout"].default == f"{loaded.timeout:g}"
    assert loaded.input_prompt == DEFAULT_INPUT_PROMPT and f"`{loaded.input_prompt}`" in OPTIONS["input_prompt"].default
    assert loaded.expected_status == 0 and OPTIONS["exit_status"].default.startswith("0")
    # Every field a snippet can set is an option of the table, and nothing else is.
    settable = set(SnippetOptions.__dataclass_fields__) - {"line"}
    assert settable == set(OPTIONS)


def test_the_page_includes_every_example() -> None:
    text = PAGE.read_text()
    assert f'--8<-- "writing-a-page/{RULES_TABLE}"' in text
    assert f'--8<-- "writing-a-page/{OPTIONS_TABLE}"' in text
    assert f'--8<-- "writing-a-page/{DRIFT_REPORT}"' in text


def test_the_architecture_documents_every_configuration_key() -> None:
    text = (ROOT / ARCHITECTURE).read_text()
    assert with_configuration_table(text) == text, STALE
    assert all(f"| `{key}` |" in text for key in KEYS)
