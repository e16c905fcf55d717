"""The built site in a real browser: Debian's headless Chromium driven by Playwright's sync API.

The site is built with ``mkdocs build --strict`` into a temporary folder and served on 127.0.0.1
(see site_server.py). Playwright never downloads a browser here: it starts /usr/bin/chromium,
and if that is missing the tests fail (CI always installs it), they are not skipped.
Full-page screenshots of the nav's pages are written to build/screenshots/NAME.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from site_server import ROOT, built_site, nav_pages, site_url  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

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

    def report(self) -> str:
        lines = [f"console error: {m}" for m in self.console]
        lines += [f"failed request: {m}" for m in self.failed]
        lines += [f"request off 127.0.0.1: {m}" for m in self.offsite]
        return "\n".join(lines)


def _is_offsite(url: str) -> bool:
    parts = urlsplit(url)
    # data:, blob:, about: and the like never leave the machine; every other URL must be ours.
    if parts.scheme in {"data", "blob", "about", "javascript"}:
        return False
    return parts.hostname != ALLOWED_HOST


@pytest.fixture
def context(browser, site_url: str) -> Iterator[tuple[object, Problems]]:  # noqa: F811
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


def _open(context_and_problems, site_url: str, name: str, wait_until: str = "load"):  # noqa: F811
    """Open a page of the site in the context; "load" means after Material's JavaScript has run."""
    ctx, _ = context_and_problems
    page = ctx.new_page()
    page.goto(site_url + name, wait_until=wait_until)
    return page


# --------------------------------------------------------------------------------------------
# Every page of the nav
# --------------------------------------------------------------------------------------------

NAV_PAGES = nav_pages()


def test_the_nav_has_pages() -> None:
    assert "index.html" in NAV_PAGES and "hello-world.html" in NAV_PAGES, NAV_PAGES


@pytest.mark.parametrize("name", NAV_PAGES)
def test_page_loads_cleanly_offline_and_is_screenshotted(context, site_url: str, name: str) -> None:  # noqa: F811
    _, problems = context
    # networkidle: nothing loaded for 500 ms, so late requests (search worker, index) are seen too.
    page = _open(context, site_url, name, wait_until="networkidle")
    # The page is Material's, fully rendered: a title, the nav and the JavaScript-added features.
    page.locator("article.md-content__inner h1").first.wait_for(state="visible")
    assert page.title(), f"{name} has no <title>"
    assert not problems.report(), f"{name}:\n{problems.report()}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / (name[: -len(".html")].replace("/", "__") + ".png")
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000, f"{shot} is suspiciously small"


# --------------------------------------------------------------------------------------------
# Features of the theme and of the site's own CSS, on hello-world.html
# --------------------------------------------------------------------------------------------


def test_search_finds_docker_ps_on_hello_world(context, site_url: str) -> None:  # noqa: F811
    _, problems = context
    page = _open(context, site_url, "index.html")
    # On a wide screen the search box sits in the header; a click on it opens the search.
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially("docker ps", delay=30)
    # Material's search runs in a web worker (an iframe with the offline plugin's shim): wait for it.
    hit = page.locator(".md-search-result__list a[href*='hello-world.html']").first
    hit.wait_for(state="visible")
    meta = page.locator(".md-search-result__meta").inner_text()
    assert re.search(r"\d+ matching document", meta), meta
    assert not problems.report(), problems.report()


SENTINEL = "(nothing copied)"


def test_copy_button_copies_exactly_the_command(context, site_url: str) -> None:  # noqa: F811
    ctx, problems = context
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = _open(context, site_url, "hello-world.html")
    blocks = page.locator("div.highlight.command")
    # What each block shows (the "$ " prompt is drawn by CSS and is not in the text), without the
    # final newline: the command as written in its .sh snippet. The snippet files themselves are not
    # read here, since others may re-record them while this runs against the site built at the start.
    commands = [text.rstrip("\n") for text in blocks.locator("pre > code").all_text_contents()]
    assert commands and commands[0] == "docker -v", commands[:1]
    assert all(command and not command.startswith("$") for command in commands), commands

    try:
        page.evaluate("text => navigator.clipboard.writeText(text)", SENTINEL)
        clipboard = page.evaluate("() => navigator.clipboard.readText()")
    except PlaywrightError as error:
        pytest.fail(f"headless Chromium's clipboard cannot be used, so copying cannot be tested: {error}")
    assert clipboard == SENTINEL, f"headless Chromium's clipboard does not keep what is written: {clipboard!r}"

    # The real clipboard of headless Chromium. First a real mouse click on the first block's button.
    block = blocks.first
    block.hover()
    block.locator(COPY_BUTTON).click()
    page.wait_for_function("text => navigator.clipboard.readText().then(t => t !== text)", arg=SENTINEL)
    copied = page.evaluate("() => navigator.clipboard.readText()")
    # Exactly the command: no "$ " prompt (drawn by CSS), no trailing newline, nothing else.
    assert copied == "docker -v", repr(copied)

    # Then every block's button, clicked from the page itself (quicker than one mouse click each).
    copied_all = page.evaluate(
        """async ([selector, sentinel]) => {
            const copied = [];
            for (const block of document.querySelectorAll('div.highlight.command')) {
                await navigator.clipboard.writeText(sentinel);
                block.querySelector(selector).click();
                let text = sentinel;
                for (let i = 0; i < 100 && text === sentinel; i++) {
                    await new Promise(resolve => setTimeout(resolve, 10));
                    text = await navigator.clipboard.readText();
                }
                copied.push(text);
            }
            return copied;
        }""",
        [COPY_BUTTON, SENTINEL],
    )
    pairs = enumerate(zip(copied_all, commands, strict=True))
    wrong = [f"block {i}: copied {c!r}, expected {e!r}" for i, (c, e) in pairs if c != e]
    assert not wrong, "\n".join(wrong)
    assert not problems.report(), problems.report()


def test_output_blocks_have_a_title_and_no_copy_button(context, site_url: str) -> None:  # noqa: F811
    page = _open(context, site_url, "hello-world.html")
    commands = page.locator("div.highlight.command")
    outputs = page.locator("div.highlight.output")
    assert commands.count() > 0 and outputs.count() > 0
    for i in range(commands.count()):
        assert commands.nth(i).locator(COPY_BUTTON).count() == 1, f"command block {i} has no copy button"
    for i in range(outputs.count()):
        output = outputs.nth(i)
        assert output.locator(COPY_BUTTON).count() == 0, f"output block {i} has a copy button"
        title = output.locator(":scope > span.filename")
        assert title.count() == 1 and title.inner_text().strip() == "Console output", f"output block {i}"
        assert title.is_visible()


def test_long_output_lines_scroll_instead_of_wrapping(context, site_url: str) -> None:  # noqa: F811
    page = _open(context, site_url, "hello-world.html")
    blocks = page.evaluate(
        """() => [...document.querySelectorAll('div.highlight.output > pre > code')].map(code => ({
            text: code.innerText,
            scrollWidth: code.scrollWidth,
            clientWidth: code.clientWidth,
            whiteSpace: getComputedStyle(code).whiteSpace,
            preWhiteSpace: getComputedStyle(code.parentElement).whiteSpace,
            overflowX: getComputedStyle(code).overflowX,
            lineHeights: [...code.querySelectorAll(':scope > span[id^="__span-"]')]
                .map(line => line.getBoundingClientRect().height),
            command: (code.closest('div.highlight.output').previousElementSibling
                ?.matches('div.highlight.command') ? code.closest('div.highlight.output')
                .previousElementSibling.querySelector('code').innerText.trim() : ''),
        }))"""
    )
    assert blocks, "no output block on hello-world.html"
    for block in blocks:
        assert block["whiteSpace"] == "pre" and block["preWhiteSpace"] == "pre", block
    wide = [b for b in blocks if b["scrollWidth"] > b["clientWidth"]]
    assert wide, "no output block is wider than its box: expected at least docker ps -a's"
    # docker ps -a with containers listed prints a table wider than the column: it must scroll.
    tables = [b for b in blocks if b["command"].startswith("docker ps") and len(b["text"].strip().splitlines()) > 1]
    assert tables, "no docker ps output listing containers on hello-world.html"
    for block in tables:
        assert block["scrollWidth"] > block["clientWidth"], block
        assert block["overflowX"] in {"auto", "scroll"}, block
        # Not wrapped: every line of the table is one line high (a wrapped line would be taller).
        heights = block["lineHeights"]
        assert heights and max(heights) < 1.5 * min(heights), block


def test_palette_toggles_between_light_and_dark(context, site_url: str) -> None:  # noqa: F811
    _, problems = context
    page = _open(context, site_url, "hello-world.html")
    body = page.locator("body")
    toggle = page.locator("form[data-md-component='palette'] label.md-header__button:visible")
    background = "() => getComputedStyle(document.body).backgroundColor"
    assert body.get_attribute("data-md-color-scheme") == "default"
    light = page.evaluate(background)
    toggle.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    assert page.evaluate(background) != light, "the dark palette did not change the page's background"
    toggle.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    assert page.evaluate(background) == light
    assert not problems.report(), problems.report()


def test_provenance_line_names_the_recorded_engine_version(context, site_url: str) -> None:  # noqa: F811
    """The line shows the engine version that recording.yml holds (Debian's suffix dropped)."""
    recorded = yaml.safe_load((ROOT / "snippets" / "hello-world" / "recording.yml").read_text(encoding="utf-8"))
    version = re.match(r"\d+(?:\.\d+)*", recorded["versions"]["engine"])
    assert version, recorded["versions"]
    page = _open(context, site_url, "hello-world.html")
    provenance = page.locator("article p.provenance")
    assert provenance.count() == 1
    assert provenance.is_visible()
    assert f"Docker Engine {version.group()}," in provenance.inner_text()
