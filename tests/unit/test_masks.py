"""Every mask is a named rule: what it accepts, and what it refuses to hide."""

from __future__ import annotations

import re

import pytest

from recorder.compare.masks import BUILT_IN, BUILT_IN_RULES, RULES, Masker, MaskRule, pipeline, snippet_pipeline
from recorder.run.runner import docker_size

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


def one_line(masker: Masker, text: str) -> str:
    """One line through the whole pipeline."""
    (masked,) = masker.mask(text)
    return masked


def test_every_rule_is_named_once_and_says_what_and_why() -> None:
    assert all(rule.why and rule.matches and rule.becomes for rule in BUILT_IN_RULES)
    assert len(BUILT_IN) == len(BUILT_IN_RULES), "two rules share a name: unmask could not tell them apart"


def test_consistent_values_are_numbered_across_a_page() -> None:
    masker = Masker()
    assert one_line(masker, ID64) == "<id64-1>"
    assert one_line(masker, f"{ID64[:12]}   debian") == "<id12-1>  debian"
    assert one_line(masker, "aaaaaaaaaaaa lucid_ritchie") == "<id12-2> <name-1>"
    assert one_line(masker, "lucid_ritchie") == "<name-1>"


def test_docker_ps_row_masks_to_a_stable_shape() -> None:
    one = one_line(
        Masker(),
        '3883bc830501   debian    "/bin/sh -c \'while t…"   15 seconds ago   '
        "Exited (137) Less than a second ago   daemon",
    )
    two = one_line(
        Masker(),
        '9f00bc830501   debian    "/bin/sh -c \'while t…"   2 minutes ago    '
        "Exited (137) 3 seconds ago            daemon",
    )
    assert one == two
    assert "Exited (137)" in one and "daemon" in one


def test_runs_of_identical_lines_fold_into_one() -> None:
    assert Masker().mask("hello world\n" * 3 + "^C\n") == ["hello world", "^C"]
    assert Masker().mask("hello world\n^C\n") == ["hello world", "^C"]


def test_only_a_copy_of_the_line_before_is_taken_for_a_line_after_the_interrupt() -> None:
    assert Masker().mask("tick\ntick\n^Ctick\n") == ["tick", "^C"]
    stamp = "Mon Nov 30 16:23:12 UTC 2026\n"
    assert Masker().mask(stamp + "^C" + stamp.replace("12", "14")) == ["<timestamp>", "^C"]
    assert Masker().mask("tick\n^CTraceback (most recent call last):\n") == [
        "tick",
        "^CTraceback (most recent call last):",
    ]
    assert Masker().mask("^Ctick\n") == ["^Ctick"]


def test_everything_else_is_kept() -> None:
    line = "Status: Downloaded newer image for debian:latest"
    assert one_line(Masker(), line) == line


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


def test_compose_containers_keep_their_order_networks_and_volumes_do_not() -> None:
    masker = Masker()
    up = " ✔ Container counter-redis-1  Healthy\n ✔ Container counter-web-1  Started\n"
    swapped = " ✔ Container counter-web-1  Started\n ✔ Container counter-redis-1  Healthy\n"
    assert masker.mask(up) != masker.mask(swapped)
    down = " ✔ Container counter-web-1  Removed\n ✔ Volume v  Removed\n ✔ Network n  Removed\n"
    other = " ✔ Container counter-web-1  Removed\n ✔ Network n  Removed\n ✔ Volume v  Removed\n"
    assert masker.mask(down) == masker.mask(other)
    assert masker.mask(down)[0] == " ✔ Container counter-web-1  Removed"


def test_table_padding_tolerates_column_width_but_not_missing_spaces() -> None:
    masker = Masker()
    assert one_line(masker, "NAME   STATUS") == one_line(masker, "NAME        STATUS")
    assert one_line(masker, "NAME STATUS") != one_line(masker, "NAME  STATUS")
    assert one_line(masker, "NAMESTATUS") != one_line(masker, "NAME  STATUS")


BUILD = (
    " => [internal] load build context 0.1s\n"
    " => => transferring context: 411B 0.0s\n"
    " => [1/2] FROM docker.io/library/debian 0.2s\n"
)
# The FROM step of a build that pulled nginx:1.30 (recorded on the classic store), its
# layers in the order of one run; another run lists the same layers in another order.
LAYERS = [
    ("bcc5d417e17a514c6801850734560cc456c2614ab8c57804dba4038b826e8eae", "245B"),
    ("ab70ef8fe6b1c2eb6c3d24e05f87bce32c34305681a436bb791965750bde8de9", "772B"),
    ("1b16a2e0c5c39ff53193e354d6f2082d5281933cb1c2041ec0cea29e6eccd4e5", "334B"),
    ("a8ac07d2e97f140b6f70a96f22269a8d4a448e6416a626cecca341f313a36fcb", "8.91MB"),
    ("8d8c506fbff211fc4bbc373d8b427aa57aaaa709ffb3fe94816946f7619ecf9d", "634B"),
]
EXTRACTED = [3, 4, 2, 0, 1]  # the image's own layer order


def from_step(downloaded: list[int], extracted: list[int] = EXTRACTED) -> str:
    lines = [" => [1/1] FROM docker.io/library/nginx:1.30@sha256:" + "d" * 64 + "   0.8s"]
    lines += [f" => => sha256:{LAYERS[i][0]} {LAYERS[i][1]} / {LAYERS[i][1]}   0.1s" for i in downloaded]
    lines += [f" => => extracting sha256:{LAYERS[i][0]}   0.0s" for i in extracted]
    return "\n".join([*lines, " => exporting to image   0.0s"]) + "\n"


# For every built-in rule, an output that it alone changes: with the rule switched off by
# `unmask`, the output is compared as it is.
SWITCHED = {
    "build-layer-order": (from_step([0, 1, 2, 3, 4]), from_step([3, 0, 4, 1, 2])),
    "layer-line-order": (
        "1.30: Pulling from library/nginx\n9dc71a9c41c0: Pull complete\na8c398335cc1: Already exists\n",
        "1.30: Pulling from library/nginx\na8c398335cc1: Already exists\n9dc71a9c41c0: Pull complete\n",
    ),
    "build-step-order": (BUILD, BUILD.splitlines()[2] + "\n" + "\n".join(BUILD.splitlines()[:2]) + "\n"),
    "compose-resource-order": (
        " ✔ Network counter_default  Removed\n ✔ Volume counter_redis-data  Removed\n",
        " ✔ Volume counter_redis-data  Removed\n ✔ Network counter_default  Removed\n",
    ),
    "memory-total": ("444KiB / 23.54GiB\n", "444KiB / 7.748GiB\n"),
    "digest": ("sha256:" + "a" * 64 + "\n", "sha256:" + "b" * 64 + "\n"),
    "full-id": (ID64 + "\n", ID64[::-1] + "\n"),
    "short-id": ("3883bc830501\n", "9f00bc830502\n"),
    "generated-name": ("lucid_ritchie\n", "musing_curie\n"),
    "timestamp": ("at 2026-11-30T00:15:45Z\n", "at 2026-12-01T10:00:00Z\n"),
    "relative-time": ("Up 3 seconds\n", "Up About a minute\n"),
    "transfer": ("at 1.2 MB/s\n", "at 900 kB/s\n"),
    "duration": ("took 0.3s\n", "took 12s\n"),
    "table-padding": ("NAME   STATUS\n", "NAME      STATUS\n"),
    "dockerignore-size": (
        " => [internal] load .dockerignore   0.0s\n => => transferring context: 2B   0.0s\n",
        " => [internal] load .dockerignore   0.0s\n => => transferring context:   0.0s\n",
    ),
    "line-after-interrupt": ("tick\n^C\n", "tick\n^Ctick\n"),
    "repeated-lines": ("tick\ntick\n", "tick\ntick\ntick\n"),
}
MACHINES = ({"memory_total": "23.54GiB"}, {"memory_total": "7.748GiB"})
# A digest's 64 digits are also a full ID, so switching the digest rule off alone still hides them.
ALSO_MATCHED_BY = {"digest": ["full-id"]}


def test_every_built_in_rule_has_a_switch_test() -> None:
    assert set(SWITCHED) == set(BUILT_IN)


@pytest.mark.parametrize("name", list(SWITCHED))
def test_each_rule_hides_its_change_and_unmask_switches_it_off(name: str) -> None:
    recorded, fresh = SWITCHED[name]

    def same(rules: tuple) -> bool:
        return Masker(rules, MACHINES[0]).mask(recorded) == Masker(rules, MACHINES[1]).mask(fresh)

    assert same(pipeline()), f"{name} should hide the difference"
    unmask = [name, *ALSO_MATCHED_BY.get(name, [])]
    assert not same(snippet_pipeline(unmask=unmask)), f"unmask {unmask} should show the difference"
    others = [other for other in BUILT_IN if other != name]
    assert same(snippet_pipeline(unmask=others)), f"{name} alone should hide the difference"


def test_memory_total_hides_only_the_machines_own_value() -> None:
    masker = Masker(machine={"memory_total": "23.54GiB"})
    assert one_line(masker, "444KiB / 23.54GiB   512MiB / 512MiB") == "444KiB / <memory-total>  512MiB / 512MiB"
    assert one_line(masker, "size 123.54GiB") == "size 123.54GiB"
    assert one_line(Masker(), "444KiB / 23.54GiB") == "444KiB / 23.54GiB"


def own(pattern: str, placeholder: str, consistent: bool = False) -> MaskRule:
    return MaskRule(placeholder, re.compile(pattern), placeholder, "test", consistent=consistent)


def test_a_snippets_own_mask_hides_its_values() -> None:
    rules = snippet_pipeline([own(r"\d+\.\d+%", "percent")])
    assert Masker(rules).mask("CPU 0.03%   MEM 1.27%\n") == ["CPU <percent>  MEM <percent>"]
    assert Masker(rules).mask("CPU 0.03% x\n") != Masker(rules).mask("CPU high x\n")


def test_a_consistent_own_mask_numbers_its_values_across_the_page() -> None:
    rules = snippet_pipeline([own(r"port \d+", "port", consistent=True)])
    recorded = Masker(rules)
    assert recorded.mask("port 8080 then port 8081 then port 8080\n") == ["<port-1> then <port-2> then <port-1>"]
    assert recorded.with_rules(rules).mask("port 8081\n") == ["<port-2>"]


def test_own_masks_are_numbered_after_the_build_steps_are_ordered() -> None:
    rules = snippet_pipeline([own(r"layer-\d+", "layer", consistent=True)])
    one = " => [2/3] RUN b layer-7\n => [1/3] RUN a layer-9\n"
    two = " => [1/3] RUN a layer-3\n => [2/3] RUN b layer-4\n"
    assert Masker(rules).mask(one) == Masker(rules).mask(two)


def test_build_step_order_does_not_depend_on_which_value_came_first() -> None:
    one = f" => [a] {ID64[:12]} x\n => [a] {ID64[-12:]} y\n"
    two = f" => [a] {ID64[-12:]} y\n => [a] {ID64[:12]} x\n"
    assert Masker().mask(one) == Masker().mask(two)


def test_sizes_are_written_as_docker_writes_them() -> None:
    # Measured in the sandbox: `docker info` said MemTotal 25276510208, `docker stats` printed 23.54GiB.
    assert docker_size(25276510208) == "23.54GiB"
    assert [docker_size(size) for size in (0, 1023, 1024, 4 * 1024**3, 1536 * 1024)] == [
        "0B",
        "1023B",
        "1KiB",
        "4GiB",
        "1.5MiB",
    ]


def test_unmask_never_removes_a_snippets_own_mask_of_the_same_name() -> None:
    rules = snippet_pipeline([own(r"at \d+", "timestamp")], unmask=["timestamp"])
    assert Masker(rules).mask("at 12 on 2026-11-30T00:15:45Z\n") == ["<timestamp> on 2026-11-30T00:15:45Z"]


def test_only_the_dockerignore_transfer_loses_its_size() -> None:
    """The build context's own size stays compared: a bigger context is drift."""
    steps = " => [internal] load {step}   0.0s\n => => transferring context: {size}   0.0s\n"
    ignore = steps.format(step=".dockerignore", size="2B")
    recorded = Masker().mask(ignore + steps.format(step="build context", size="61B"))
    sizeless = steps.format(step=".dockerignore", size="").replace(":    0.0s", ":   0.0s")
    assert recorded == Masker().mask(sizeless + steps.format(step="build context", size="61B"))
    assert recorded != Masker().mask(ignore + steps.format(step="build context", size="99B"))


def test_base_image_layers_compare_in_any_download_order_and_keep_their_digests_numbered_alike() -> None:
    masked = [Masker().mask(from_step(order)) for order in ([0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 0, 4, 1, 3])]
    assert masked[0] == masked[1] == masked[2]
    # Each extracted layer is still the one downloaded with its size: the numbering follows the sizes.
    numbered = dict(line.split()[2:4] for line in masked[0] if "/" in line and "FROM" not in line)
    assert len(set(numbered)) == 5


def test_layers_of_the_same_size_are_told_apart_by_the_order_they_are_extracted_in() -> None:
    same_size = [(digest, "32B") for digest, _ in LAYERS]

    def step(downloaded: list[int]) -> str:
        lines = [f" => => sha256:{same_size[i][0]} 32B / 32B   0.0s" for i in downloaded]
        lines += [f" => => extracting sha256:{same_size[i][0]}   0.0s" for i in EXTRACTED]
        return "\n".join(lines) + "\n"

    assert Masker().mask(step([0, 1, 2, 3, 4])) == Masker().mask(step([4, 2, 0, 3, 1]))


def test_a_changed_layer_size_or_extraction_order_still_drifts() -> None:
    recorded = Masker().mask(from_step([0, 1, 2, 3, 4]))
    bigger = from_step([0, 1, 2, 3, 4]).replace("8.91MB / 8.91MB", "9.12MB / 9.12MB")
    assert Masker().mask(bigger) != recorded
    assert Masker().mask(from_step([0, 1, 2, 3, 4], extracted=[4, 3, 2, 0, 1])) != recorded


PULL = [
    "1.30: Pulling from library/nginx",
    "9dc71a9c41c0: Pull complete",
    "a8c398335cc1: Already exists",
    "1b16a2e0c5c3: Pull complete",
    "Digest: sha256:" + "d" * 64,
]


def test_pull_and_push_lines_compare_in_any_order_but_each_layer_keeps_its_status() -> None:
    shuffled = [PULL[0], PULL[3], PULL[1], PULL[2], PULL[4]]
    assert Masker().mask("\n".join(PULL)) == Masker().mask("\n".join(shuffled))
    other_status = [PULL[0], PULL[1], "a8c398335cc1: Pull complete", PULL[3], PULL[4]]
    assert Masker().mask("\n".join(PULL)) != Masker().mask("\n".join(other_status))
    one_more = [*PULL[:4], "0c3ff09870f6: Pull complete", PULL[4]]
    assert Masker().mask("\n".join(PULL)) != Masker().mask("\n".join(one_more))
    compose = [
        " ✔ redis Pulled  0.3s",
        "   ✔ 815fea798d84 Pull complete  0.3s",
        "   ✔ 6a2a0cb3e3d1 Already exists  0.0s",
    ]
    assert Masker().mask("\n".join(compose)) == Masker().mask("\n".join([compose[0], compose[2], compose[1]]))
