"""The drift report shown in "Writing a page" is what a real record, change and check print today."""

from __future__ import annotations

from pathlib import Path

from helpers import ROOT
from recorder.compare.masks import Masker
from recorder_dev.examples import DRIFT_REPORT, FOLDER, drift_report

STALE = "stale: run `python tools/recorder_dev/examples.py` and commit what it writes"


def test_the_drift_report_is_what_check_prints_today(client, tmp_path: Path) -> None:
    """A real record, a real change, a real check; compared masked (IDs, digests, durations)."""
    fresh = drift_report(tmp_path)
    committed = (ROOT / FOLDER / DRIFT_REPORT).read_text()
    assert Masker().mask(fresh) == Masker().mask(committed), STALE
    assert "DRIFT drift in greeting/01-greet:" in fresh
    assert "-Hello, reader!" in fresh and "+Hello, world!" in fresh
