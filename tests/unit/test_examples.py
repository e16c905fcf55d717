"""The examples of "Writing a page" that the recorder's code makes are what it makes today."""

from __future__ import annotations

from helpers import ROOT
from recorder_dev.examples import DRIFT_REPORT, FOLDER, RULES_TABLE, rules_table

PAGE = ROOT / "docs" / "writing-a-page.md"
STALE = "stale: run `python tools/recorder_dev/examples.py` and commit what it writes"


def test_the_table_of_mask_rules_is_made_from_the_rules() -> None:
    assert (ROOT / FOLDER / RULES_TABLE).read_text() == rules_table(), STALE


def test_the_page_includes_both_examples() -> None:
    text = PAGE.read_text()
    assert f'--8<-- "writing-a-page/{RULES_TABLE}"' in text
    assert f'--8<-- "writing-a-page/{DRIFT_REPORT}"' in text
