"""The whole tutorial against the real engine: the user's engine is spared, and check is stable."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from pathlib import Path

import pytest
from test_leaks import leaks

from conftest import ROOT, provisioned_images, run_recorder
from recorder import engine
from recorder.pages import Project, load_pages

pytestmark = [pytest.mark.docker, pytest.mark.slow]
STABILITY_RUNS = 10


@pytest.fixture(scope="module")
def client():
    client = engine.connect()
    assert run_recorder(ROOT, "provision", timeout=2400).returncode == 0
    return client


def test_full_record_of_every_page_spares_the_users_containers_and_images(client, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "snippets", tmp_path / "snippets")
    suffix = secrets.token_hex(3)
    image = f"tutorial-canary-image:{suffix}"
    base = provisioned_images().base_image  # every image is there already: this only finds them
    client.images.get(base).tag(image)
    canary = client.containers.run(base, ["sleep", "infinity"], name=f"tutorial-canary-{suffix}", detach=True)
    stopped = client.containers.create(base, ["true"], name=f"tutorial-canary-stopped-{suffix}")
    try:
        result = run_recorder(tmp_path, "record", "--all", timeout=2400)
        assert result.returncode == 0, result.stderr
        pages = load_pages(Project(tmp_path))
        for page in pages:
            assert f"recorded {page.name}: {len(page.snippets)} snippets" in result.stderr
        canary.reload()
        assert canary.status == "running"
        assert client.containers.get(stopped.id).status == "created"
        client.images.get(image)
        assert engine.leftovers(client, engine.project_key(tmp_path)) == []
        assert leaks(tmp_path) == []
    finally:
        canary.remove(force=True)
        stopped.remove(force=True)
        client.images.remove(image)


def test_check_passes_ten_times_in_a_row_on_the_unchanged_site(client) -> None:
    """Each run's wall time goes to build/stability.json, for the record."""
    seconds = []
    for run in range(1, STABILITY_RUNS + 1):
        start = time.monotonic()
        result = run_recorder(ROOT, "check", timeout=2400)
        seconds.append(round(time.monotonic() - start, 1))
        assert result.returncode == 0, f"check run {run} of {STABILITY_RUNS} failed:\n{result.stderr}"
        assert re.search(r"check passed: \d+ page\(s\) match Docker", result.stderr)
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "stability.json").write_text(json.dumps({"passed_runs": len(seconds), "seconds": seconds}) + "\n")
    assert engine.leftovers(client, engine.project_key(ROOT)) == []
