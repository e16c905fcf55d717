"""The examples of "Writing a page" that the recorder's code makes are what it makes today."""

from __future__ import annotations

from pathlib import Path

import pytest

from recorder.examples import DRIFT_REPORT, FOLDER, RULES_TABLE, drift_report, rules_table
from recorder.masks import BUILT_IN, Masker

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "writing-a-page.md"
STALE = "stale: run `python -m recorder.examples` and commit what it writes"


def test_the_table_of_mask_rules_is_made_from_the_rules() -> None:
    assert (ROOT / FOLDER / RULES_TABLE).read_text() == rules_table(), STALE
    for name in BUILT_IN:
        assert f"| `{name}` |" in rules_table()


def test_the_page_includes_both_examples() -> None:
    text = PAGE.read_text()
    assert f'--8<-- "writing-a-page/{RULES_TABLE}"' in text
    assert f'--8<-- "writing-a-page/{DRIFT_REPORT}"' in text


@pytest.mark.docker
def test_the_drift_report_is_what_check_prints_today(tmp_path: Path) -> None:
    """A real record, a real change, a real check; compared masked (IDs, digests, durations)."""
    fresh = drift_report(tmp_path)
    committed = (ROOT / FOLDER / DRIFT_REPORT).read_text()
    assert Masker().mask(fresh) == Masker().mask(committed), STALE
    assert "DRIFT drift in greeting/01-greet:" in fresh
    assert "-Hello, reader!" in fresh and "+Hello, world!" in fresh
