"""Comparing a fresh run with the recording: tolerant where reality varies, strict elsewhere."""

from __future__ import annotations

from recorder.compare.drift import PageComparison

RECORDED_ID = "3883bc8305010d7d75e7861b1690de9e538e5fb7fc5b70eaec5f6a8cbb827036"
FRESH_ID = "74589f20627b5e2a1d2b34a8b1c7e0d9f4a6b3c2d1e0f9a8b7c6d5e4f3a2b1c0"


def test_same_output_with_new_ids_matches() -> None:
    comparison = PageComparison("hello-world")
    assert comparison.compare("04-run", RECORDED_ID + "\n", FRESH_ID + "\n") is None
    recorded_ps = f"{RECORDED_ID[:12]}   debian   Up 3 seconds   daemon\n"
    fresh_ps = f"{FRESH_ID[:12]}   debian   Up Less than a second   daemon\n"
    assert comparison.compare("05-ps", recorded_ps, fresh_ps) is None


def test_changed_text_is_drift_with_a_diff_naming_page_and_snippet() -> None:
    drift = PageComparison("hello-world").compare("02-run", "Hello world\n", "Hello there\n")
    assert drift is not None
    text = str(drift)
    assert "hello-world/02-run" in text
    assert "-Hello world" in text and "+Hello there" in text


def test_id_changing_shape_is_drift() -> None:
    drift = PageComparison("p").compare("s", "id 3883bc830501\n", "id 3883bc8305\n")
    assert drift is not None


def test_id_same_twice_in_recording_but_different_in_fresh_run_is_drift() -> None:
    comparison = PageComparison("p")
    assert comparison.compare("a", f"{RECORDED_ID}\n", f"{FRESH_ID}\n") is None
    # The recording shows the same container again; the fresh run shows another one.
    assert comparison.compare("b", f"{RECORDED_ID[:12]}\n", "0123456789ab\n") is not None


def test_two_different_ids_collapsing_into_one_is_drift() -> None:
    recorded = "aaaaaaaaaaaa\nbbbbbbbbbbbb\n"
    fresh = "cccccccccccc\ncccccccccccc\n"
    assert PageComparison("p").compare("s", recorded, fresh) is not None


def test_timing_dependent_repeats_match() -> None:
    recorded = "hello world\n" * 10 + "^C\n"
    fresh = "hello world\n" * 4 + "^C\n"
    assert PageComparison("p").compare("logs", recorded, fresh) is None


def test_missing_or_extra_lines_are_drift() -> None:
    assert PageComparison("p").compare("s", "a\nb\n", "a\n") is not None
    assert PageComparison("p").compare("s", "a\n", "a\nb\n") is not None
