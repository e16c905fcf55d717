"""An image's origin is a value; recording.yml's line for it reads back to the same value."""

from __future__ import annotations

import pytest

from recorder.origins import OFFICIAL, STAND_IN, Origin


@pytest.mark.parametrize("origin", [Origin(OFFICIAL), Origin.stand_in("forky"), Origin(STAND_IN)])
def test_each_origin_reads_back_from_its_line(origin: Origin) -> None:
    assert Origin.parse(str(origin)) == origin


def test_the_lines_recordings_hold_today() -> None:
    assert Origin.parse("official").is_official
    assert Origin.parse("stand-in (built from Debian trixie packages)") == Origin.stand_in("trixie")
    assert Origin.parse("stand-in (built from Debian trixie packages)").detail == "built from Debian trixie packages"


@pytest.mark.parametrize("line", ["officially pulled", "a stand-in", "Official", ""])
def test_a_line_of_another_shape_is_never_taken_for_the_official_image(line: str) -> None:
    origin = Origin.parse(line)
    assert origin.source == STAND_IN and not origin.is_official
