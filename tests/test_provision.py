"""Provisioning's pure parts: which Debian mirror to debootstrap from, and when to rebuild."""

from __future__ import annotations

from pathlib import Path

from recorder.provision import context_hash, debian_mirror


def test_mirror_comes_from_deb822_sources_skipping_security(tmp_path: Path) -> None:
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "debian.sources").write_text(
        "Types: deb\nURIs: http://security.debian.org/debian-security\nSuites: bookworm-security\n\n"
        "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\n"
    )
    assert debian_mirror(tmp_path) == "http://mirror.example/debian"


def test_mirror_comes_from_one_line_sources(tmp_path: Path) -> None:
    (tmp_path / "sources.list").write_text("deb [arch=amd64] http://ftp.example/debian bookworm main\n")
    assert debian_mirror(tmp_path) == "http://ftp.example/debian"


def test_mirror_defaults_to_debians_own(tmp_path: Path) -> None:
    assert debian_mirror(tmp_path) == "http://deb.debian.org/debian"


def test_a_changed_dockerfile_or_base_or_extra_file_means_a_new_tag(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM base\n")
    first = context_hash(tmp_path, "sha256:1", {})
    assert context_hash(tmp_path, "sha256:1", {}) == first
    assert context_hash(tmp_path, "sha256:2", {}) != first
    assert context_hash(tmp_path, "sha256:1", {"ca.crt": b"x"}) != first
    (tmp_path / "Dockerfile").write_text("FROM base\nRUN true\n")
    assert context_hash(tmp_path, "sha256:1", {}) != first
