"""The whole tutorial against the real engine: check is stable, and the user's engine is spared.

`make test` checks the site three times in a row (`--soak light`); `make stability` ten times,
and also records every page afresh into a copy (`--soak full`).
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from helpers import ROOT
from helpers.leaks import leaks
from helpers.recorder_cli import run_recorder
from recorder import engine
from recorder.site.pages import Project, load_pages


def test_check_passes_every_time_in_a_row_on_the_unchanged_site(client, canary, soak) -> None:
    """Each run's wall time goes to build/stability.json, for the record; the user's canary lives on."""
    seconds = []
    runs = soak.whole_site_checks
    for run in range(1, runs + 1):
        start = time.monotonic()
        result = run_recorder(ROOT, "check", timeout=2400)
        seconds.append(round(time.monotonic() - start, 1))
        assert result.returncode == 0, f"check run {run} of {runs} failed:\n{result.stderr}"
        assert re.search(r"check passed: \d+ page\(s\) match Docker", result.stderr)
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "stability.json").write_text(json.dumps({"passed_runs": len(seconds), "seconds": seconds}) + "\n")
    container, image = canary
    assert client.containers.get(container).status == "running"
    client.images.get(image)
    assert engine.leftovers(client, engine.project_key(ROOT)) == []


@pytest.mark.full_soak
def test_full_record_of_every_page_spares_the_users_containers_and_images(
    client, canary, provisioned, tmp_path: Path
) -> None:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "snippets", tmp_path / "snippets")
    container, image = canary
    stopped = client.containers.create(provisioned.base_image, ["true"], name=f"{container}-stopped")
    try:
        result = run_recorder(tmp_path, "record", "--all", timeout=2400)
        assert result.returncode == 0, result.stderr
        for page in load_pages(Project(tmp_path)):
            assert f"recorded {page.name}: {len(page.snippets)} snippets" in result.stderr
        assert client.containers.get(container).status == "running"
        assert client.containers.get(stopped.id).status == "created"
        client.images.get(image)
        assert engine.leftovers(client, engine.project_key(tmp_path)) == []
        assert leaks(tmp_path) == []
    finally:
        stopped.remove(force=True)
