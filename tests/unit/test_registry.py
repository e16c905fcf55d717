"""A mask rule is one module and one entry point: an installed package's rule masks, can be
named in `unmask`, and a broken registration stops a run with one line naming it.

Each test installs a tiny package the way pip would leave it (helpers.plugins), so the registry
reads real entry-point metadata.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers.pages import write_page
from helpers.plugins import install_package
from helpers.recorder_cli import run_recorder

RULE_MODULE = """\
import re

from recorder.compare.masks import MaskRule

SANDBOX_HOST = MaskRule(
    "sandbox-host",
    re.compile(r"\\bsandbox-[0-9]+\\b"),
    "host",
    "the site's sandboxes are numbered by the run",
    matches="`sandbox-` and a number",
)
NOT_A_RULE = "sandbox-host"
TIMESTAMP_AGAIN = MaskRule("timestamp", re.compile(r"[0-9]+:[0-9]+"), "time", "twice", matches="a time")
"""
NO_ENGINE = "unix:///nonexistent/docker.sock"


def _install(folder: Path, entry: str) -> dict[str, str]:
    """A package whose entry point in recorder.mask_rules is `entry`; its environment."""
    return install_package(folder, "site_rules", RULE_MODULE, "recorder.mask_rules", entry)


def _masked(env: dict[str, str], text: str) -> dict[str, object]:
    script = (
        "import json, sys\n"
        "from recorder.compare.masks import Masker, pipeline\n"
        "rules = pipeline()\n"
        "print(json.dumps({'names': [r.name for r in rules], 'stages': [r.stage for r in rules],"
        " 'masked': Masker(rules).mask(sys.argv[1])}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, text], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_registered_rule_masks_among_the_values(tmp_path: Path) -> None:
    env = _install(tmp_path, "sandbox-host = site_rules:SANDBOX_HOST")
    found = _masked(env, "started sandbox-17   in 0.4s  ")
    assert found["masked"] == ["started <host>  in <duration>"]
    names, stages = found["names"], found["stages"]
    assert "sandbox-host" in names
    assert stages == sorted(stages, key=["reorder", "value", "tidy"].index), "the stages run in order"
    assert stages[names.index("sandbox-host")] == "value"
    plain = _masked({**os.environ}, "started sandbox-17 in 0.4s")
    assert plain["masked"] == ["started sandbox-17 in <duration>"], "without the package, no such rule"


def test_a_registered_rule_can_be_switched_off_by_name(tmp_path: Path) -> None:
    options = "a:\n  unmask: [sandbox-host]\n"
    root = write_page(tmp_path / "site", "demo", {"a": "echo hi"}, options=options)
    env = {**_install(tmp_path, "sandbox-host = site_rules:SANDBOX_HOST"), "DOCKER_HOST": NO_ENGINE}
    with_package = run_recorder(root, "check", env=env)
    assert with_package.returncode == 1, with_package.stderr  # past the options, stopped at the absent engine
    assert "unmask" not in with_package.stderr
    without = run_recorder(root, "check", env={**os.environ, "DOCKER_HOST": NO_ENGINE})
    assert without.returncode == 2
    assert "options.yml:2: option 'unmask' of snippet 'a'" in without.stderr


def test_a_registration_that_is_no_rule_is_one_line_naming_it(tmp_path: Path) -> None:
    root = write_page(tmp_path / "site", "demo", {"a": "echo hi"}, options="a:\n  unmask: [timestamp]\n")
    for entry, problem in (
        ("sandbox-host = site_rules:NOT_A_RULE", "not a mask rule: str has no name, stage"),
        ("sandbox-host = site_rules:MISSING", "cannot be loaded: AttributeError"),
        ("again = site_rules:TIMESTAMP_AGAIN", "a mask rule named 'timestamp' comes from the recorder already"),
    ):
        folder = tmp_path / entry.split(":")[1]
        folder.mkdir()
        env = {**_install(folder, entry), "DOCKER_HOST": NO_ENGINE}
        result = run_recorder(root, "check", env=env)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2, result.stderr
        assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
        assert lines[0].startswith(f"error: entry point '{entry}' (recorder.mask_rules of site-parts): "), lines[0]
        assert problem in lines[0], lines[0]
