"""The browser the site's tests drive: Debian's Chromium through Playwright, one per session.

A pytest plugin (conftest.py lists it), so every test module shares the one browser: two
Playwright instances in one process fail ("Sync API inside the asyncio loop").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from helpers import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = ROOT / "build" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 10_000
# Material 9.5-9.6 adds button.md-clipboard to each code block; 9.7+ a button in nav.md-code__nav.
COPY_BUTTON = "button.md-clipboard, button.md-code__button[data-md-type='copy']"
ALLOWED_HOST = "127.0.0.1"
# Chromium aborts what is loading when an interface of the host comes or goes, as Docker's do
# while other tests or users on the machine start containers: not a fault of the site.
NETWORK_CHANGED = "net::ERR_NETWORK_CHANGED"
LOAD_ATTEMPTS = 3


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's browser with `apt-get install -y chromium chromium-driver` "
            "(.ci/run does). These tests never let Playwright download a browser.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Problems:
    """What went wrong while a page was open: console errors, failed or off-site requests."""

    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)

    def drop_network_changes(self) -> bool:
        """Forget requests that Chromium cut because the host's network changed; whether any were."""
        cut = [m for m in self.console + self.failed if NETWORK_CHANGED in m]
        self.console[:] = [m for m in self.console if NETWORK_CHANGED not in m]
        self.failed[:] = [m for m in self.failed if NETWORK_CHANGED not in m]
        return bool(cut)

    def report(self) -> str:
        lines = [f"console error: {m}" for m in self.console]
        lines += [f"failed request: {m}" for m in self.failed]
        lines += [f"request off 127.0.0.1: {m}" for m in self.offsite]
        return "\n".join(lines)


def _is_offsite(url: str) -> bool:
    parts = urlsplit(url)
    # data:, blob:, about:, file: and the like never leave the machine; every other URL must be ours.
    if parts.scheme in {"data", "blob", "about", "javascript", "file"}:
        return False
    return parts.hostname != ALLOWED_HOST


@pytest.fixture
def context(browser, site_url: str) -> Iterator[tuple[object, Problems]]:
    """A fresh browser context (no stored palette, no clipboard) that records every problem.

    Requests to any other host are aborted, so an off-site dependency fails here as it would offline.
    """
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.set_default_timeout(TIMEOUT_MS)
    problems = Problems()

    def route(route) -> None:
        if _is_offsite(route.request.url):
            problems.offsite.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def watch(page) -> None:
        page.on(
            "console",
            lambda msg: (
                problems.console.append(f"{msg.text} ({msg.location.get('url', '')})") if msg.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: problems.console.append(f"uncaught {error}"))
        page.on(
            "requestfailed",
            lambda request: (
                None if _is_offsite(request.url) else problems.failed.append(f"{request.url} ({request.failure})")
            ),
        )
        page.on(
            "response",
            lambda response: (
                problems.failed.append(f"{response.url} (HTTP {response.status})") if response.status >= 400 else None
            ),
        )

    ctx.route("**/*", route)
    ctx.on("page", watch)
    try:
        yield ctx, problems
    finally:
        ctx.close()


def open_page(context_and_problems, site_url: str, name: str, wait_until: str = "load"):
    """Open a page of the site in the context; "load" means after Material's JavaScript has run.

    A load that the host's network changing cut short (NETWORK_CHANGED) is loaded again.
    """
    ctx, problems = context_and_problems
    page = ctx.new_page()
    for _ in range(LOAD_ATTEMPTS - 1):
        try:
            page.goto(site_url + name, wait_until=wait_until)
        except PlaywrightError as error:
            if NETWORK_CHANGED not in str(error):
                raise
            problems.drop_network_changes()
            continue
        if not problems.drop_network_changes():
            return page
    page.goto(site_url + name, wait_until=wait_until)  # the last attempt keeps whatever goes wrong
    return page
