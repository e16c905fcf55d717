"""The built site in a real browser: Debian's headless Chromium driven by Playwright's sync API.

The web build (directory URLs, instant navigation) is built with ``mkdocs build --strict`` into a
temporary folder and served on 127.0.0.1 (see site_server.py); the offline build is made by
``make offline``'s script and opened from the file system. Playwright never downloads a browser
here: it starts /usr/bin/chromium, and if that is missing the tests fail (CI always installs it),
they are not skipped. Full-page screenshots of the nav's pages go to build/screenshots/NAME.png.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from helpers.browser_support import COPY_BUTTON, SCREENSHOTS, open_page
from helpers.site_server import ROOT, doc_pages, nav_pages

# --------------------------------------------------------------------------------------------
# Every page of the nav
# --------------------------------------------------------------------------------------------

NAV_PAGES = nav_pages()
# "docker ps" alone matches more documents than the ten Material's search shows first (19
# pages run it); the page's own title word puts Example 1 first among them.
SEARCH_QUERY = "docker ps hello"


def test_the_nav_has_pages() -> None:
    assert "" in NAV_PAGES and "hello-world/" in NAV_PAGES, NAV_PAGES


@pytest.mark.parametrize("name", NAV_PAGES)
def test_page_loads_cleanly_offline_and_is_screenshotted(context, site_url: str, name: str) -> None:
    _, problems = context
    # networkidle: nothing loaded for 500 ms, so late requests (search worker, index) are seen too.
    page = open_page(context, site_url, name, wait_until="networkidle")
    # The page is Material's, fully rendered: a title, the nav and the JavaScript-added features.
    page.locator("article.md-content__inner h1").first.wait_for(state="visible")
    assert page.title(), f"{name} has no <title>"
    assert not problems.report(), f"{name}:\n{problems.report()}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / ((name.strip("/") or "index").replace("/", "__") + ".png")
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000, f"{shot} is suspiciously small"


# --------------------------------------------------------------------------------------------
# Features of the theme and of the site's own CSS, on hello-world/
# --------------------------------------------------------------------------------------------


def test_search_finds_docker_ps_on_hello_world(context, site_url: str) -> None:
    _, problems = context
    page = open_page(context, site_url, "")
    # On a wide screen the search box sits in the header; a click on it opens the search.
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially(SEARCH_QUERY, delay=30)
    # Material's search runs in a web worker: wait for it.
    hit = page.locator(".md-search-result__list a[href*='hello-world/']").first
    hit.wait_for(state="visible")
    meta = page.locator(".md-search-result__meta").inner_text()
    assert re.search(r"\d+ matching document", meta), meta
    assert not problems.report(), problems.report()


SENTINEL = "(nothing copied)"
# A reader opens a collapsed block (a "Try it yourself" solution) before copying from it.
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach(details => { details.open = true; })"
# The text a command block shows, without the tooltip of a code annotation that Material moves
# into the block, and without the final newline and the blank a `# (1)!` annotation leaves.
SHOWN_COMMANDS = """() => [...document.querySelectorAll('div.highlight.command pre > code')].map(code => {
    const copy = code.cloneNode(true);
    copy.querySelectorAll('.md-annotation__list, .md-tooltip, .md-annotation__content').forEach(node => node.remove());
    copy.querySelectorAll('.md-annotation').forEach(node => node.remove());
    return copy.textContent.trimEnd();
})"""


def test_copy_button_copies_exactly_the_command(context, site_url: str) -> None:
    ctx, problems = context
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = open_page(context, site_url, "hello-world/")
    page.evaluate(OPEN_DETAILS)
    blocks = page.locator("div.highlight.command")
    # What each block shows (the "$ " prompt is drawn by CSS and is not in the text): the command as
    # written in its .sh snippet. The snippet files themselves are not read here, since others may
    # re-record them while this runs against the site built at the start.
    commands = page.evaluate(SHOWN_COMMANDS)
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


def test_output_blocks_have_a_title_and_no_copy_button(context, site_url: str) -> None:
    page = open_page(context, site_url, "hello-world/")
    page.evaluate(OPEN_DETAILS)
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


def test_long_output_lines_scroll_instead_of_wrapping(context, site_url: str) -> None:
    page = open_page(context, site_url, "hello-world/")
    blocks = page.evaluate(
        """() => [...document.querySelectorAll('div.highlight.output > pre > code')].map(code => ({
            text: code.innerText,
            scrollWidth: code.scrollWidth,
            clientWidth: code.clientWidth,
            whiteSpace: getComputedStyle(code).whiteSpace,
            preWhiteSpace: getComputedStyle(code.parentElement).whiteSpace,
            overflowX: getComputedStyle(code).overflowX,
            // Rows the text takes on screen: more rows than lines means lines wrapped.
            rows: (code.scrollHeight - parseFloat(getComputedStyle(code).paddingTop)
                - parseFloat(getComputedStyle(code).paddingBottom)) / parseFloat(getComputedStyle(code).lineHeight),
            lines: code.innerText.trimEnd().split(String.fromCharCode(10)).length,
            command: (code.closest('div.highlight.output').previousElementSibling
                ?.matches('div.highlight.command') ? code.closest('div.highlight.output')
                .previousElementSibling.querySelector('code').innerText.trim() : ''),
        }))"""
    )
    assert blocks, "no output block on hello-world/"
    for block in blocks:
        assert block["whiteSpace"] == "pre" and block["preWhiteSpace"] == "pre", block
    wide = [b for b in blocks if b["scrollWidth"] > b["clientWidth"]]
    assert wide, "no output block is wider than its box: expected at least docker ps -a's"
    # docker ps -a with containers listed prints a table wider than the column: it must scroll.
    tables = [b for b in blocks if b["command"].startswith("docker ps") and len(b["text"].strip().splitlines()) > 1]
    assert tables, "no docker ps output listing containers on hello-world/"
    for block in tables:
        assert block["scrollWidth"] > block["clientWidth"], block
        assert block["overflowX"] in {"auto", "scroll"}, block
        # Not wrapped: the table takes one row per line (a wrapped line would take two).
        assert round(block["rows"]) == block["lines"], block


def test_palette_toggles_between_light_and_dark(context, site_url: str) -> None:
    _, problems = context
    page = open_page(context, site_url, "hello-world/")
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


def test_provenance_line_names_the_recorded_engine_version(context, site_url: str) -> None:
    """The line shows the engine version and image store that recording.yml holds (Debian's suffix dropped)."""
    recorded = yaml.safe_load((ROOT / "snippets" / "hello-world" / "recording.yml").read_text(encoding="utf-8"))
    version = re.match(r"\d+(?:\.\d+)*", recorded["versions"]["engine"])
    assert version, recorded["versions"]
    page = open_page(context, site_url, "hello-world/")
    provenance = page.locator("article p.provenance")
    assert provenance.count() == 1
    assert provenance.is_visible()
    store = recorded["versions"]["image_store"]
    assert f"Docker Engine {version.group()} ({store} image store)," in provenance.inner_text()


# --------------------------------------------------------------------------------------------
# The web build: instant navigation and the 404 page
# --------------------------------------------------------------------------------------------

MARKER = "() => window.__stillTheSameDocument === true"


def _follow_nav_link(page, target: str) -> None:
    """Mark the document, then click the primary nav's link to target like a reader would."""
    heading = "() => document.querySelector('article.md-content__inner h1')?.textContent"
    before = page.evaluate(heading)
    page.evaluate("() => { window.__stillTheSameDocument = true; }")
    # Material takes over link clicks only once it has fetched the sitemap; a click before that
    # (a busy machine) is an ordinary page load, as it would be for a reader.
    page.wait_for_load_state("networkidle")
    page.locator(f"nav.md-nav--primary a.md-nav__link[href$='{target}']").first.click()
    page.wait_for_url(f"**/{target}")
    # Instant navigation changes the URL before it swaps the content in: wait for the new title.
    page.wait_for_function(f"text => ({heading})() && ({heading})() !== text", arg=before)


def test_instant_navigation_changes_page_without_reloading(context, site_url: str) -> None:
    _, problems = context
    page = open_page(context, site_url, "")
    _follow_nav_link(page, "hello-world/")
    assert page.evaluate(MARKER), "the page was reloaded: instant navigation is off"
    assert "Example 1" in page.locator("article.md-content__inner h1").first.inner_text()
    assert not problems.report(), problems.report()


def test_a_missing_page_gets_the_sites_404_page(context, site_url: str) -> None:
    ctx, problems = context
    page = ctx.new_page()
    missing = site_url + "no/such/page/"
    response = page.goto(missing, wait_until="networkidle")
    assert response is not None and response.status == 404
    # Material's 404 page, with the site's styles and nav, from a URL two folders deep.
    assert "404" in page.locator("article.md-content__inner h1").first.inner_text()
    assert page.locator("nav.md-nav--primary a.md-nav__link[href$='hello-world/']").count() >= 1
    assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    # The one 404 is the page asked for (Chromium also logs it to the console); nothing else fails.
    others = [line for line in problems.failed + problems.console if missing not in line]
    assert not others, problems.report()


# --------------------------------------------------------------------------------------------
# The offline build (make offline): a zip opened from the file system
# --------------------------------------------------------------------------------------------

OFFLINE_PAGES = nav_pages(directory_urls=False)


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip that `make offline` makes, unpacked; its docker-tutorial/ folder."""
    folder = tmp_path_factory.mktemp("offline")
    archive = folder / "docker-tutorial-offline.zip"
    result = subprocess.run(
        [str(ROOT / "tools" / "build-offline.sh"), str(archive)],
        env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(archive) as unpacked:
        unpacked.extractall(folder)
    return folder / "docker-tutorial"


def test_the_offline_build_has_no_directory_urls(offline_site: Path) -> None:
    assert OFFLINE_PAGES[0] == "index.html" and "hello-world.html" in OFFLINE_PAGES
    missing = [name for name in OFFLINE_PAGES if not (offline_site / name).is_file()]
    assert not missing, missing
    assert (offline_site / "search" / "search_index.js").is_file(), "the offline plugin's search index is missing"


@pytest.mark.parametrize("name", OFFLINE_PAGES)
def test_offline_page_loads_from_the_file_system(context, offline_site: Path, name: str) -> None:
    ctx, problems = context
    page = ctx.new_page()
    page.goto((offline_site / name).as_uri(), wait_until="networkidle")
    page.locator("article.md-content__inner h1").first.wait_for(state="visible")
    assert not problems.report(), f"{name}:\n{problems.report()}"


def test_offline_search_works_from_the_file_system(context, offline_site: Path) -> None:
    ctx, problems = context
    page = ctx.new_page()
    page.goto((offline_site / "index.html").as_uri())
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially(SEARCH_QUERY, delay=30)
    # The offline plugin's index (search_index.js) in an iframe-worker shim, from file://.
    page.locator(".md-search-result__list a[href*='hello-world.html']").first.wait_for(state="visible")
    assert re.search(r"\d+ matching document", page.locator(".md-search-result__meta").inner_text())
    assert not problems.report(), problems.report()


def test_offline_links_are_plain_page_loads(context, offline_site: Path) -> None:
    """Material's advice: no instant loading from file://. Its script does not start it there."""
    ctx, problems = context
    page = ctx.new_page()
    page.goto((offline_site / "index.html").as_uri())
    _follow_nav_link(page, "hello-world.html")
    assert not page.evaluate(MARKER), "a file:// page was swapped in place: instant loading ran offline"
    assert page.url == (offline_site / "hello-world.html").as_uri()
    assert not problems.report(), problems.report()


# --------------------------------------------------------------------------------------------
# Accessibility: axe-core on every page, in both palettes
# --------------------------------------------------------------------------------------------

AXE = Axe()
AXE_PAGES = [*doc_pages(), "404.html"]  # every page, in the nav or not
# Violations that neither our stylesheet, our script nor an override can fix, by rule id, each
# with the reason. Empty: every one axe found was fixed (see docs/stylesheets/extra.css and
# docs/javascripts/accessibility.js). A new entry needs a reason, not a wish.
AXE_ACCEPTED: dict[str, str] = {}


def _use_palette(page, scheme: str) -> None:
    """Switch to the palette with the reader's toggle and wait until its colour transitions end."""
    if page.evaluate("() => document.body.dataset.mdColorScheme") != scheme:
        page.locator("form[data-md-component='palette'] label.md-header__button:visible").click()
        page.wait_for_function(f"document.body.dataset.mdColorScheme === '{scheme}'")
    page.wait_for_function("document.getAnimations().length === 0")


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("name", AXE_PAGES)
def test_axe_finds_no_violation(context, site_url: str, name: str, scheme: str) -> None:
    page = open_page(context, site_url, name, wait_until="networkidle")
    _use_palette(page, scheme)
    violations = [v for v in AXE.run(page).response["violations"] if v["id"] not in AXE_ACCEPTED]
    report = [
        f"{v['impact']} {v['id']} ({v['help']}): {node['target']} {node['failureSummary'].splitlines()[-1].strip()}"
        for v in violations
        for node in v["nodes"]
    ]
    assert not report, f"{name or 'index'} in the {scheme} palette:\n" + "\n".join(report)
