"""Nothing of the recording machine leaks into what the recorder writes.

The machine's names and addresses are looked for in outputs recorded on this machine: a
small page here, and every page in the whole-site test (test_whole_site), which records the
full site into a copy and scans what it wrote. Committed outputs were recorded elsewhere, so
only machine-independent properties are checked on them.
"""

from __future__ import annotations

from helpers import ROOT

OUTPUTS = sorted((ROOT / "snippets").rglob("*.out"))


def test_the_site_has_recorded_outputs() -> None:
    assert len(OUTPUTS) > 10


def test_recorded_outputs_hold_no_raw_escape_sequences() -> None:
    assert [str(p.relative_to(ROOT)) for p in OUTPUTS if "\x1b" in p.read_text(encoding="utf-8")] == []
