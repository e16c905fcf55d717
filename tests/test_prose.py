"""Prose never states a volatile value (ID, digest, generated name) its recordings do not show."""

from __future__ import annotations

from pathlib import Path

import pytest

from recorder.masks import RULES
from recorder.pages import INCLUDE, Project, load_pages

ROOT = Path(__file__).resolve().parent.parent
VOLATILE = [rule for rule in RULES if rule.consistent]


def volatile_values(text: str) -> set[str]:
    """Every value in text that a consistent mask would hide, taken in the masks' order."""
    values = set()
    for rule in VOLATILE:
        values |= set(rule.pattern.findall(text))
        text = rule.pattern.sub(" ", text)
    return values


def unbacked_values(prose: str, outputs: str) -> set[str]:
    return {value for value in volatile_values(prose) if value not in outputs}


def test_a_made_up_id_or_name_in_prose_is_caught() -> None:
    outputs = "3883bc830501   debian   lucid_ritchie\n"
    assert unbacked_values("Remove lucid_ritchie, ID 3883bc830501.", outputs) == set()
    assert unbacked_values("Remove hopeful_turing, ID 9f00bc830501.", outputs) == {"hopeful_turing", "9f00bc830501"}
    assert unbacked_values("Its digest is sha256:" + "a" * 64, outputs) == {"sha256:" + "a" * 64}


@pytest.mark.parametrize("page", load_pages(Project(ROOT)), ids=lambda page: page.name)
def test_page_prose_states_only_recorded_volatile_values(page) -> None:
    prose = "\n".join(line for line in page.doc_path.read_text().splitlines() if not INCLUDE.match(line))
    outputs = "".join(p.read_text() for p in sorted(page.folder.glob("*.out")))
    assert unbacked_values(prose, outputs) == set()
