"""The CPU-seconds of a sandbox, read from its processes' stat lines."""

from __future__ import annotations

from recorder.run.cpu_time import by_command, cpu_seconds

# Real stat lines (trimmed after field 17): tini, dockerd, and a command whose name has spaces
# and parentheses. utime, stime, cutime and cstime are the 14th to 17th fields.
LISTING = """100
1 (tini) S 0 1 1 0 -1 4194560 150 0 0 0 2 3 400 50 20 0 1 0
57 (dockerd) S 1 57 1 0 -1 1077936384 9000 0 0 0 700 150 0 0 20 0 30 0
812 (my (odd) cmd) R 57 812 1 0 -1 4194304 10 0 0 0 1 0 0 0 20 0 1 0
"""


def test_own_and_reaped_childrens_times_of_every_process_are_added() -> None:
    assert cpu_seconds(LISTING) == (2 + 3 + 400 + 50 + 700 + 150 + 1) / 100


def test_a_line_cut_short_by_a_process_that_ended_is_left_out() -> None:
    assert cpu_seconds("100\n9 (gone) Z 1 9\n1 (tini) S 0 1 1 0 -1 0 0 0 0 0 100 0 0 0 20\n") == 1.0


def test_an_output_without_the_clock_rate_is_no_measure_rather_than_a_failure() -> None:
    assert cpu_seconds("") is None and cpu_seconds("\n1 (tini) S") is None


def test_the_split_by_command_keeps_own_and_reaped_times_apart() -> None:
    assert by_command(LISTING) == {"tini": (0.05, 4.5), "dockerd": (8.5, 0.0), "my (odd) cmd": (0.01, 0.0)}
