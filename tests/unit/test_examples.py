"""The documentation the recorder's code makes (the examples of "Writing a page", the table of
configuration keys) is what it makes today."""

from __future__ import annotations

from helpers import ROOT
from recorder.site.config import KEYS
from recorder_dev.examples import ARCHITECTURE, DRIFT_REPORT, FOLDER, RULES_TABLE, rules_table, with_configuration_table

PAGE = ROOT / "docs" / "writing-a-page.md"
STALE = "stale: run `python tools/recorder_dev/examples.py` and commit what it writes"


def test_the_table_of_mask_rules_is_made_from_the_rules() -> None:
    assert (ROOT / FOLDER / RULES_TABLE).read_text() == rules_table(), STALE


def test_the_page_includes_both_examples() -> None:
    text = PAGE.read_text()
    assert f'--8<-- "writing-a-page/{RULES_TABLE}"' in text
    assert f'--8<-- "writing-a-page/{DRIFT_REPORT}"' in text


def test_the_architecture_documents_every_configuration_key() -> None:
    text = (ROOT / ARCHITECTURE).read_text()
    assert with_configuration_table(text) == text, STALE
    assert all(f"| `{key}` |" in text for key in KEYS)
