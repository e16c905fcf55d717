"""`make bench`'s shard figures, computed from recording.yml durations alone (no engine)."""

from __future__ import annotations

from recorder.site.pages import Project, load_pages
from recorder_dev.bench import shard_figures


def test_makespans_of_1_2_and_4_shards_and_their_ratio_to_the_slowest_page(make_page) -> None:
    root = make_page("a", {"01": "echo a"})
    for name in ("b", "c", "d"):
        make_page(name, {"01": f"echo {name}"})
    for name, seconds in {"a": 40.0, "b": 30.0, "c": 20.0, "d": 10.0}.items():
        (root / "snippets" / name / "recording.yml").write_text(f"duration_s: {seconds}\n")
    figures: dict[str, float] = {}
    shard_figures(load_pages(Project(root)), lambda key, value, unit, command, **extra: figures.update({key: value}))
    assert figures == {
        "shard_makespan_1_s": 100.0,
        "shard_makespan_1_vs_slowest_page_ratio": 2.5,
        "shard_makespan_2_s": 50.0,  # a+d, b+c
        "shard_makespan_2_vs_slowest_page_ratio": 1.25,
        "shard_makespan_4_s": 40.0,
        "shard_makespan_4_vs_slowest_page_ratio": 1.0,
    }
