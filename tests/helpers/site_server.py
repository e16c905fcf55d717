"""Fixtures for the site tests: build the site into a temporary folder and serve it on 127.0.0.1.

The site is built from the repository root with ``mkdocs build --strict`` (never from, or into,
the shared ``site/`` folder), once per test session, and served by Python's own http.server
in a thread. Test modules use it with ``from site_server import built_site, site_url``.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from helpers import ROOT

# A pytest plugin (conftest.py lists it), so its fixtures exist once per session. The server
# socket is made before the build (the build needs its address as site_url); a failed build
# is remembered, so that every test reports it without building again.
_BUILT: dict[str, Path | str] = {}
_SERVER: dict[str, tuple[_QuietServer, str, Path]] = {}


def build_site(site_dir: Path, **variables: str) -> Path | str:
    """Run ``mkdocs build --strict`` at the repository root into site_dir: the folder, or why it failed.

    The environment is the test's own without SITE_URL and OFFLINE (the web build served at the
    root), plus ``variables``.
    """
    env = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "OFFLINE"}}
    env |= {"NO_MKDOCS_2_WARNING": "1", **variables}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        return f"mkdocs build --strict failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
    return site_dir


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does: a missing file gets the site's own 404.html."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # A browser that drops a connection mid-response is not a failure of the site.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def _server(tmp_path_factory: pytest.TempPathFactory) -> tuple[_QuietServer, str, Path]:
    """A server bound to a free port of 127.0.0.1 for an empty folder, its address, and the folder.

    It is bound before the site is built, so the build's site_url can be the very address the
    site is served at, as on GitHub Pages (Material's instant navigation only takes links that
    its sitemap lists, and the 404 page's links are absolute).
    """
    if "server" not in _SERVER:
        folder = tmp_path_factory.mktemp("site")
        server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
        _SERVER["server"] = (server, f"http://127.0.0.1:{server.server_address[1]}/", folder)
    return _SERVER["server"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web build, freshly made with ``mkdocs build --strict`` for the address it is served at."""
    if "site" not in _BUILT:
        _, url, folder = _server(tmp_path_factory)
        _BUILT["site"] = build_site(folder, SITE_URL=url)
    site = _BUILT["site"]
    if isinstance(site, str):
        pytest.fail(site, pytrace=False)
    return site


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (ending in /) of the built site served on 127.0.0.1."""
    server, url, _ = _SERVER["server"]
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _AnyTagLoader(yaml.SafeLoader):
    """Loads mkdocs.yml even if it uses tags such as !ENV or !!python/name (their values are unused here)."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_AnyTagLoader.add_multi_constructor("", _any_tag)


def nav_pages(directory_urls: bool = True) -> list[str]:
    """The nav's pages as URLs relative to the site root, in nav order.

    The web build has directory URLs (``hello-world/``, and ``""`` for the home page); the
    offline build turns them off (``hello-world.html``, ``index.html``).
    """
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    pages: list[str] = []

    def walk(item: object) -> None:
        if isinstance(item, str):
            if "://" not in item and item.endswith(".md"):
                stem = item[: -len(".md")]
                if stem == "README" or stem.endswith("/README"):
                    stem = stem[: -len("README")] + "index"
                if not directory_urls:
                    pages.append(stem + ".html")
                elif stem == "index" or stem.endswith("/index"):
                    pages.append(stem[: -len("index")])
                else:
                    pages.append(stem + "/")
        elif isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            for child in item.values():
                walk(child)

    walk(config.get("nav") or [])
    return pages


def doc_pages() -> list[str]:
    """Every page under docs/ as its web build URL (``hello-world/``, ``""``), nav or not, sorted."""
    pages = []
    for doc in sorted((ROOT / "docs").rglob("*.md")):
        stem = doc.relative_to(ROOT / "docs").with_suffix("").as_posix()
        pages.append(stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/")
    return pages
