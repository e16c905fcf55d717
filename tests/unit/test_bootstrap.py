"""Making Debian base images: which mirror, which options for a frozen mirror, which tag."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from helpers import NAMING
from recorder.provision.bootstrap import (
    IGNORE_VALID_UNTIL,
    bootstrap_command,
    bootstrapped_tag,
    debian_mirror,
    release_expired,
)

FROZEN_TESTING = """Origin: Debian
Label: Debian
Suite: testing
Codename: forky
Date: Fri, 30 Oct 2026 08:08:01 UTC
Valid-Until: Fri, 06 Nov 2026 08:08:01 UTC
Acquire-By-Hash: yes
"""
STABLE = """Origin: Debian
Suite: stable
Version: 13.8
Codename: trixie
Date: Sat, 21 Nov 2026 09:15:44 UTC
Acquire-By-Hash: yes
"""


def test_mirror_comes_from_deb822_sources_skipping_security(tmp_path: Path) -> None:
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "debian.sources").write_text(
        "Types: deb\nURIs: http://security.debian.org/debian-security\nSuites: bookworm-security\n\n"
        "Types: deb\nURIs: http://mirror.example/debian/\nSuites: bookworm\n"
    )
    assert debian_mirror(tmp_path) == "http://mirror.example/debian"


def test_mirror_comes_from_one_line_sources(tmp_path: Path) -> None:
    (tmp_path / "sources.list").write_text("deb [arch=amd64] http://ftp.example/debian bookworm main\n")
    assert debian_mirror(tmp_path) == "http://ftp.example/debian"


def test_mirror_defaults_to_debians_own(tmp_path: Path) -> None:
    assert debian_mirror(tmp_path) == "http://deb.debian.org/debian"


def test_a_release_past_valid_until_is_expired_and_one_without_it_never() -> None:
    assert release_expired(FROZEN_TESTING, datetime(2026, 11, 30, tzinfo=UTC))
    assert not release_expired(FROZEN_TESTING, datetime(2026, 11, 1, tzinfo=UTC))
    assert not release_expired(STABLE, datetime(2099, 1, 1, tzinfo=UTC))


def test_only_an_expired_suite_is_bootstrapped_ignoring_valid_until() -> None:
    frozen = bootstrap_command("forky", "http://mirror.example/debian", expired=True)
    fresh = bootstrap_command("trixie", "http://mirror.example/debian", expired=False)
    assert f"--aptopt={IGNORE_VALID_UNTIL}" in frozen
    assert not any("Valid-Until" in part for part in fresh)
    # The tarball goes to stdout, for docker import to read as it comes.
    assert frozen[-3:] == ["forky", "-", "http://mirror.example/debian"]
    assert fresh[0] == "mmdebstrap" and "--variant=minbase" in fresh


def test_the_tag_changes_with_suite_or_mirror_and_not_with_the_mirrors_expiry() -> None:
    """A cached base is found without asking the mirror whether its Release has expired."""
    tag = bootstrapped_tag(NAMING, "forky", "http://a/debian")
    assert tag.startswith("mkdocs-recorder/base-forky:")
    assert bootstrapped_tag(NAMING, "forky", "http://a/debian") == tag
    assert bootstrapped_tag(NAMING, "forky", "http://b/debian") != tag
    assert bootstrapped_tag(NAMING, "trixie", "http://a/debian").split(":")[1] != tag.split(":")[1]


def test_experimental_is_made_as_sid_with_experimental_as_a_second_source() -> None:
    command = bootstrap_command("experimental", "http://a/debian", expired=False)
    assert command[-4:] == ["sid", "-", "http://a/debian", "deb http://a/debian experimental main"]
    assert bootstrapped_tag(NAMING, "experimental", "http://a/debian").startswith("mkdocs-recorder/base-experimental:")
    assert bootstrapped_tag(NAMING, "experimental", "http://a/debian") != bootstrapped_tag(
        NAMING, "sid", "http://a/debian"
    )
