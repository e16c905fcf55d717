"""Every mask is a named rule: what it accepts, and what it refuses to hide."""

from __future__ import annotations

import pytest

from recorder.masks import RULES, Masker

RULE = {rule.name: rule for rule in RULES}
ID64 = "3883bc8305010d7d75e7861b1690de9e538e5fb7fc5b70eaec5f6a8cbb827036"


@pytest.mark.parametrize(
    ("rule", "accepts", "refuses"),
    [
        ("digest", ["sha256:" + "a" * 64], ["sha256:" + "a" * 63, "md5:" + "a" * 64]),
        ("full-id", [ID64], [ID64[:63], ID64.upper()]),
        ("short-id", ["3883bc830501", "123456789012"], ["3883bc83050", "3883bc8305011", "3883bc83050g"]),
        ("generated-name", ["lucid_ritchie", "musing_williams", "boring_wozniak3"], ["hello_world", "my_app", "lucid"]),
        (
            "timestamp",
            [
                "2026-11-30T00:15:45Z",
                "2026-11-30T00:15:45.123456789Z",
                "30/Nov/2026:00:15:45 +0000",
                "2026/11/30 00:15:45",
                "30 Nov 2026 00:15:45.123",
                "Mon Nov 30 00:15:45 UTC 2026",
            ],
            ["2026-11-30", "00:15", "Nov 2026"],
        ),
        (
            "relative-time",
            ["Less than a second ago", "1 second ago", "15 seconds ago", "About a minute ago", "2 hours"],
            ["ago", "a second", "seconds"],
        ),
        ("transfer", ["1.2 MB/s", "512 kB/s", "eta 0:00:01"], ["1.2 MB", "eta soon"]),
        ("duration", ["0.3s", "12s", "15ms"], ["0.3", "v1.2s3", "3 s", "sha"]),
    ],
)
def test_rule_accepts_and_refuses(rule: str, accepts: list[str], refuses: list[str]) -> None:
    pattern = RULE[rule].pattern
    for text in accepts:
        assert pattern.fullmatch(text), f"{rule} should accept {text!r}"
    for text in refuses:
        assert not pattern.fullmatch(text), f"{rule} should refuse {text!r}"


def test_every_rule_says_why() -> None:
    assert all(rule.why for rule in RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)


def test_consistent_values_are_numbered_across_a_page() -> None:
    masker = Masker()
    assert masker.mask_line(ID64) == "<id64-1>"
    assert masker.mask_line(f"{ID64[:12]}   debian") == "<id12-1>  debian"
    assert masker.mask_line("aaaaaaaaaaaa lucid_ritchie") == "<id12-2> <name-1>"
    assert masker.mask_line("lucid_ritchie") == "<name-1>"


def test_docker_ps_row_masks_to_a_stable_shape() -> None:
    one = Masker().mask_line(
        '3883bc830501   debian    "/bin/sh -c \'while t…"   15 seconds ago   '
        "Exited (137) Less than a second ago   daemon"
    )
    two = Masker().mask_line(
        '9f00bc830501   debian    "/bin/sh -c \'while t…"   2 minutes ago    '
        "Exited (137) 3 seconds ago            daemon"
    )
    assert one == two
    assert "Exited (137)" in one and "daemon" in one


def test_runs_of_identical_lines_fold_into_one() -> None:
    assert Masker().mask("hello world\n" * 3 + "^C\n") == ["hello world", "^C"]
    assert Masker().mask("hello world\n^C\n") == ["hello world", "^C"]


def test_everything_else_is_kept() -> None:
    line = "Status: Downloaded newer image for debian:latest"
    assert Masker().mask_line(line) == line


def test_concurrent_build_steps_compare_in_a_fixed_order() -> None:
    one = (
        "[+] Building 3.1s (9/9) FINISHED\n"
        " => [internal] load build context      0.1s\n"
        " => => transferring context: 411B      0.0s\n"
        " => [1/4] FROM docker.io/library/python:3.13-slim@sha256:" + "a" * 64 + "   0.2s\n"
        " => [2/4] WORKDIR /app      0.0s\n"
    )
    two = (
        "[+] Building 2.9s (9/9) FINISHED\n"
        " => [1/4] FROM docker.io/library/python:3.13-slim@sha256:" + "b" * 64 + "   0.3s\n"
        " => [internal] load build context      0.0s\n"
        " => => transferring context: 411B      0.0s\n"
        " => [2/4] WORKDIR /app      0.1s\n"
    )
    assert Masker().mask(one) == Masker().mask(two)


def test_build_step_order_keeps_detail_lines_with_their_step_and_content_strict() -> None:
    one = " => [internal] load build context 0.1s\n => => transferring context: 411B 0.0s\n => [2/4] RUN true 0.1s\n"
    moved_detail = (
        " => [internal] load build context 0.1s\n => [2/4] RUN true 0.1s\n => => transferring context: 411B 0.0s\n"
    )
    changed = (
        " => [internal] load build context 0.1s\n => => transferring context: 999B 0.0s\n => [2/4] RUN true 0.1s\n"
    )
    assert Masker().mask(one) != Masker().mask(moved_detail)
    assert Masker().mask(one) != Masker().mask(changed)


def test_steps_outside_a_block_keep_their_place() -> None:
    text = " => [2/4] RUN b 0.1s\nplain line\n => [1/4] RUN a 0.1s\n"
    assert Masker().mask(text) == [" => [2/4] RUN b <duration>", "plain line", " => [1/4] RUN a <duration>"]


def test_table_padding_tolerates_column_width_but_not_missing_spaces() -> None:
    masker = Masker()
    assert masker.mask_line("NAME   STATUS") == masker.mask_line("NAME        STATUS")
    assert masker.mask_line("NAME STATUS") != masker.mask_line("NAME  STATUS")
    assert masker.mask_line("NAMESTATUS") != masker.mask_line("NAME  STATUS")
