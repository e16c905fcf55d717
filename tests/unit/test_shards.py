"""Splitting pages over CI machines by recorded duration: pure logic, no engine."""

from __future__ import annotations

import random

import pytest

from helpers.recorder_cli import run_recorder
from recorder.results.shards import Shard, ShardError, assign, effective_durations, recorded_durations, select
from recorder.site.pages import Project, load_pages


@pytest.mark.parametrize(("text", "shard"), [("1/1", Shard(1, 1)), ("2/3", Shard(2, 3)), (" 4/4 ", Shard(4, 4))])
def test_a_shard_is_i_of_n(text: str, shard: Shard) -> None:
    assert Shard.parse(text) == shard
    assert str(shard) == text.strip()


@pytest.mark.parametrize("text", ["", "1", "0/2", "3/2", "1/0", "0/0", "a/b", "-1/2", "1/2/3", "1 / 2"])
def test_a_bad_shard_is_refused(text: str) -> None:
    with pytest.raises(ShardError):
        Shard.parse(text)


@pytest.mark.parametrize("command", ["record", "check"])
def test_a_bad_shard_is_a_one_line_usage_error_with_status_2(tmp_path, command: str) -> None:
    result = run_recorder(tmp_path, command, "--shard", "3/2", timeout=60)
    assert result.returncode == 2
    assert (
        result.stderr.strip().splitlines()[-1]
        == f"recorder {command}: error: argument --shard: 3/2: I must be from 1 to N"
    )


def test_longest_first_onto_the_least_loaded_shard() -> None:
    durations = {"a": 10.0, "b": 7.0, "c": 6.0, "d": 5.0, "e": 4.0}
    split = assign(durations, 2)
    # a->1 (10), b->2 (7), c->2 (13), d->1 (15), e->2 (17)
    assert split.pages == (("a", "d"), ("b", "c", "e"))
    assert split.seconds == (15.0, 17.0)
    assert split.makespan == 17.0


def test_one_shard_runs_everything_and_its_makespan_is_the_sum() -> None:
    split = assign({"a": 1.5, "b": 2.5}, 1)
    assert split.pages == (("b", "a"),) and split.makespan == 4.0


def test_more_shards_than_pages_leaves_shards_empty() -> None:
    split = assign({"a": 3.0, "b": 1.0}, 4)
    assert split.pages == (("a",), ("b",), (), ())
    assert split.seconds == (3.0, 1.0, 0.0, 0.0)


def test_zero_shards_is_refused() -> None:
    with pytest.raises(ShardError):
        assign({"a": 1.0}, 0)


def test_never_recorded_pages_count_as_the_longest_known() -> None:
    assert effective_durations({"a": 3.0, "new": None, "b": 9.0}) == {"a": 3.0, "new": 9.0, "b": 9.0}
    # Equal durations are placed by name: b (9) and new (9) take a shard each, then a joins b's.
    assert assign({"a": 3.0, "new": None, "b": 9.0}, 2).pages == (("b", "a"), ("new",))


def test_with_no_recorded_page_the_split_is_by_count() -> None:
    split = assign({name: None for name in "edcba"}, 2)
    assert split.pages == (("a", "c", "e"), ("b", "d"))


def test_every_page_is_in_exactly_one_shard_and_the_split_is_deterministic() -> None:
    generator = random.Random(13)
    for _ in range(300):
        names = [f"page-{i}" for i in range(generator.randint(0, 30))]
        durations = {name: None if generator.random() < 0.2 else round(generator.uniform(0, 120), 1) for name in names}
        count = generator.randint(1, 8)
        split = assign(durations, count)
        placed = [name for shard in split.pages for name in shard]
        assert sorted(placed) == sorted(names)
        assert len(split.pages) == count
        shuffled = dict(generator.sample(list(durations.items()), len(durations)))
        assert assign(shuffled, count) == split
        # Any least-loaded-first schedule ends by the mean load plus (1 - 1/N) of the longest page.
        seconds = effective_durations(durations)
        if seconds:
            bound = sum(seconds.values()) / count + max(seconds.values()) * (1 - 1 / count)
            assert split.makespan <= bound + 1e-9


def test_select_uses_recording_durations_and_keeps_page_order(make_page) -> None:
    root = make_page("alpha", {"01-a": "echo a"})
    make_page("beta", {"01-b": "echo b"})
    make_page("gamma", {"01-c": "echo c"})
    (root / "snippets/alpha/recording.yml").write_text("duration_s: 50.0\n")
    (root / "snippets/beta/recording.yml").write_text("duration_s: 20.0\n")
    pages = load_pages(Project(root))
    assert recorded_durations(pages) == {"alpha": 50.0, "beta": 20.0, "gamma": None}
    # gamma was never recorded: it counts as 50 s, so alpha and gamma each take a shard and beta
    # joins the one that sorts first at equal load (alpha's).
    assert [p.name for p in select(pages, Shard(1, 2))] == ["alpha", "beta"]
    assert [p.name for p in select(pages, Shard(2, 2))] == ["gamma"]
    assert select(pages, None) == pages
