"""This repository's [tool.recorder] table, for projects of its own made elsewhere (tests, examples).

A test's or an example's project lives in a temporary folder: it gets the tutorial's
configuration (stand-ins, names, working directory) with its paths made absolute.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def site_configuration() -> str:
    """The tutorial's [tool.recorder] table as TOML, its stand-ins folder absolute."""
    table = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["tool"]["recorder"]
    table["standins"] = str(REPOSITORY / table["standins"])
    lines = ["[tool.recorder]", *(f"{key} = {_toml(value)}" for key, value in table.items())]
    return "\n".join(lines) + "\n"


def write_site_configuration(root: Path) -> None:
    """Give the project at root the tutorial's configuration, unless it has its own."""
    path = root / "pyproject.toml"
    if not path.exists():
        root.mkdir(parents=True, exist_ok=True)
        path.write_text(site_configuration(), encoding="utf-8")


def _toml(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raise TypeError(f"the tutorial's [tool.recorder] holds only strings, not {value!r}")
