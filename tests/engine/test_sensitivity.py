"""check fails when reality changes: an image behaving differently, a command newly failing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.recorder_cli import run_recorder
from recorder import engine
from recorder.provision.images import IMAGES_DIR, hub_reachable


@pytest.mark.skipif(
    hub_reachable(), reason="Docker Hub answers: pages pull the official nginx, not the stand-in this test changes"
)
def test_a_stand_in_that_behaves_differently_fails_check(client, make_page, tmp_path: Path) -> None:
    root = make_page("tiny", {"a": "docker run --rm nginx cat /usr/share/nginx/html/index.html"})
    recorded = run_recorder(root, "record")
    assert recorded.returncode == 0, recorded.stderr
    checked = run_recorder(root, "check")
    assert checked.returncode == 0, checked.stderr

    images = tmp_path / "images"
    shutil.copytree(IMAGES_DIR, images)
    page = images / "standins" / "nginx" / "index.html"
    page.write_text(page.read_text().replace("Welcome to nginx!", "Welcome to something else!"))
    result = run_recorder(root, "--images", str(images), "check", timeout=1800)
    assert result.returncode == 1, result.stderr
    assert "drift in tiny/a" in result.stderr
    assert "\n-<title>Welcome to nginx!</title>\n+<title>Welcome to something else!</title>\n" in result.stderr
    assert engine.leftovers(client, engine.project_key(root)) == []


def test_a_command_that_newly_exits_non_zero_fails_check(client, make_page) -> None:
    root = make_page("tiny", {"a": "echo ready", "b": "docker image inspect --format '{{.Os}}' debian:trixie"})
    (root / "snippets/tiny/b.sh").write_text(
        "docker pull debian:trixie >/dev/null && docker image inspect --format '{{.Os}}' debian:trixie\n"
    )
    assert run_recorder(root, "record").returncode == 0
    (root / "snippets/tiny/b.sh").write_text("docker image inspect --format '{{.Os}}' debian:trixie\n")
    result = run_recorder(root, "check")
    assert result.returncode == 1
    assert "tiny/b: exited with status 1, expected 0" in result.stderr
    assert engine.leftovers(client, engine.project_key(root)) == []
