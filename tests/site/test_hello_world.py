"""Example 1 against the real engine: recorded afresh, and a changed command caught as drift.

The page ends with `docker rm -f $(docker ps -aq)`; the user's own container and image (the
canary) live on, because the page ran in its sandbox.
"""

from __future__ import annotations

from helpers.recorder_cli import run_recorder
from recorder import engine


def assert_nothing_left(client, root) -> None:
    assert engine.leftovers(client, engine.project_key(root)) == []


def test_record_and_drift_on_hello_world(client, canary, site_copy) -> None:
    root = site_copy("hello-world")
    folder = root / "snippets" / "hello-world"
    for out in folder.glob("*.out"):
        out.unlink()

    recorded = run_recorder(root, "record", "--all")
    assert recorded.returncode == 0, recorded.stderr
    assert "recorded hello-world: 23 snippets" in recorded.stderr
    pull = (folder / "02-run-hello.out").read_text()
    assert "Pull complete" in pull and pull.rstrip().endswith("Hello world")
    assert "Exited (137)" in (folder / "08-ps-stopped.out").read_text()
    first_name = (folder / "12-rm-first.out").read_text().strip()
    assert (folder / "12-rm-first.sh").read_text().strip() == f"docker rm {first_name} # (1)!"
    assert first_name in (folder / "08-ps-stopped.out").read_text()

    # The page removed every container of its engine; the user's canary lives on.
    container_name, image = canary
    assert client.containers.get(container_name).status == "running"
    client.images.get(image)
    assert_nothing_left(client, root)

    # A clean check of an unchanged page is the stability tier's; here one changed command drifts alone.
    command = folder / "05-ps-running.sh"
    command.write_text("docker ps\n")
    drifted = run_recorder(root, "check")
    assert drifted.returncode == 1
    assert "drift in hello-world/05-ps-running" in drifted.stderr
    assert "hello-world/05-ps-running.out (recorded, masked)" in drifted.stderr
    assert "drift in hello-world/06" not in drifted.stderr
    assert_nothing_left(client, root)
