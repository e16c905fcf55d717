"""The layers hold: reading a site and checking its files needs neither an engine nor a terminal.

ruff's banned-api rule (pyproject.toml) refuses a direct import of docker, requests, pexpect or
pyte in the page model, the comparison and the results; these tests catch the indirect ones, in
a fresh interpreter each.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import ROOT

ENGINE_AND_TERMINAL = ("docker", "requests", "pexpect", "pyte")
PURE_PACKAGES = ("recorder.site", "recorder.compare", "recorder.results")


def _imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(result.stdout.split())


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_the_pure_packages_import_no_engine_or_terminal_library(package: str) -> None:
    modules = sorted(path.stem for path in (ROOT / "tools" / package.replace(".", "/")).glob("*.py"))
    code = "\n".join(f"import {package}.{module}" for module in modules if module != "__init__")
    assert set(ENGINE_AND_TERMINAL) & _imported_after(code) == set()


def test_verify_outputs_imports_no_engine_or_terminal_library() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "recorder", "--root", str(ROOT), "verify-outputs"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    }
    assert {name for name in imported if name.split(".")[0] in ENGINE_AND_TERMINAL} == set()
    assert "recorder.results.integrity" in imported  # it did read the recordings
