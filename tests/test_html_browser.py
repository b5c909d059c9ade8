"""The HTML page in a real browser: Debian's Chromium, headless, driven through Debian's chromedriver.

Each page (the shipped collection's, and the hostile collections') is loaded from file:// and must
log no console error, request nothing but itself, resolve every in-page link, show every quote
highlighted in its archived text, run no injected script and grow no injected element, and lay
its grid out as one column per version and one row per term, the term column staying put when
the grid scrolls sideways on a phone. Screenshots at 1280 and 390 px wide are saved in a folder
that the tests print (DRAFTS_SCREENSHOTS chooses it).

Without Chromium (see .ci/run, which installs it) these tests skip, saying why.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from drafts.evidence.quotes import normalise
from drafts.reading.loader import load_collection
from tests import browser
from tests.conftest import REPO_ROOT
from tests.hostile import write_hostile_collection
from tests.test_output_safety import FIELD, QUOTE, write_collection

_why = browser.missing()
pytestmark = pytest.mark.skipif(_why is not None, reason=f"no browser for the HTML page tests: {_why}")

PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "log": ("shipped", ("log",)),
    "diff": ("shipped", ("diff", "v1", "v3")),
    "diff-v2-v3": ("shipped", ("diff", "v2", "v3", "--all")),
    "show": ("shipped", ("show", "v2")),
    "history": ("shipped", ("history", "debt_treatment")),
    "hostile-log": ("hostile", ("log",)),
    "hostile-diff": ("hostile", ("diff", "v1", "v3", "--all")),
    "hostile-show": ("hostile", ("show", "v1")),
    "hostile-history": ("hostile", ("history", "debt")),
    "evil-log": ("evil", ("log",)),
}
TRAP = "window.__injected = []; window.alert = function (m) { window.__injected.push(String(m)); };"


@pytest.fixture(scope="module")
def shots(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("DRAFTS_SCREENSHOTS") or tmp_path_factory.mktemp("html-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nHTML page screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each page written with `drafts ... -o NAME.html`, with the root of its collection."""
    base = tmp_path_factory.mktemp("html-pages")
    roots = {"shipped": REPO_ROOT, "hostile": base / "hostile", "evil": base / "evil"}
    write_collection(roots["hostile"], FIELD, QUOTE)
    write_hostile_collection(roots["evil"])
    written = {}
    for name, (collection, args) in PAGES.items():
        target = base / f"{name}.html"
        result = CliRunner().invoke(app, ["--root", str(roots[collection]), *args, "-o", str(target)])
        assert result.exit_code == 0, result.output
        written[name] = (target, roots[collection])
    return written


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser.chromium(1280, 900) as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
        yield driver


def load(driver: Any, path: Path, width: int = 1280) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    browser.requests(driver)
    driver.get_log("browser")
    driver.get(path.as_uri())


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_in_the_browser(chromium: Any, pages: dict[str, tuple[Path, Path]], shots: Path, name: str) -> None:
    path, root = pages[name]
    load(chromium, path)
    assert browser.console_errors(chromium) == []
    assert browser.requests(chromium) == [path.as_uri()], "the page asked for something besides itself"

    broken = chromium.execute_script(
        "return Array.from(document.querySelectorAll('a[href^=\"#\"]'))"
        ".map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id));"
    )
    assert broken == []

    quotes = chromium.execute_script(
        """return Array.from(document.querySelectorAll('a.quote')).map(function (a) {
             var id = a.getAttribute('href').slice(1), start = document.getElementById(id);
             var archive = start && start.closest('.archive'), n = id.replace('quote-', '');
             var marks = archive ? Array.from(archive.querySelectorAll('mark'))
               .filter(m => m.dataset.quotes.split(' ').indexOf(n) >= 0) : [];
             return [a.textContent, !!archive, marks.map(m => m.textContent).join('')];
           });"""
    )
    assert quotes
    for text, in_archive, marked in quotes:
        assert in_archive, text
        shown = text.strip()  # in ‘ ’ when the words hold double quotation marks, else in “ ”
        single = shown.startswith("‘") and shown.endswith("’") and any(m in shown for m in '"“”„')
        words = shown[1:-1] if single else shown.removeprefix("“").removesuffix("”")
        assert normalise(marked) == normalise(words), text

    assert chromium.execute_script("return window.__injected") == [], "an injected script ran"
    assert chromium.execute_script("return document.scripts.length") == 1
    assert chromium.execute_script("return document.querySelectorAll('img, iframe, object, embed, link').length") == 0

    collection = load_collection(root)
    columns = chromium.execute_script("return document.querySelectorAll('table.grid thead th.version').length")
    rows = chromium.execute_script("return document.querySelectorAll('table.grid tr.term-row').length")
    cells = chromium.execute_script(
        "return Array.from(document.querySelectorAll('table.grid tr.term-row')).map(r => r.cells.length - 1);"
    )
    kind, args = PAGES[name][1][0], PAGES[name][1]
    if kind in ("log", "history"):
        assert columns == len(collection.versions)
    elif kind == "show":
        assert columns == 1
    else:
        a, b = collection.resolve(args[1]), collection.resolve(args[2])
        assert columns == collection.index[b.id] - collection.index[a.id] + 1
    assert rows == (1 if kind == "history" else len(collection.agreement.terms))
    assert set(cells) == {columns}

    browser.screenshot(chromium, shots / f"{name}-1280.png")
    load(chromium, path, 390)
    assert chromium.execute_script("return document.documentElement.scrollWidth") <= 390, (
        "the page is wider than a phone"
    )
    browser.screenshot(chromium, shots / f"{name}-390.png")


def test_term_column_stays_put_when_the_grid_scrolls_on_a_phone(
    chromium: Any, pages: dict[str, tuple[Path, Path]]
) -> None:
    load(chromium, pages["log"][0], 390)
    before, after, scrolled = chromium.execute_script(
        """var box = document.querySelector('.grid-scroll'), term = document.querySelector('tr.term-row th.term');
           var before = term.getBoundingClientRect().left - box.getBoundingClientRect().left;
           box.scrollLeft = 400;
           var after = term.getBoundingClientRect().left - box.getBoundingClientRect().left;
           return [before, after, box.scrollLeft];"""
    )
    assert scrolled > 100, "the grid should be wider than a phone, and scroll"
    assert abs(after - before) < 1, "the term column scrolled away"


def test_the_page_reads_the_same_without_javascript(chromium: Any, pages: dict[str, tuple[Path, Path]]) -> None:
    chromium.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        load(chromium, pages["diff-v2-v3"][0])
        text = chromium.find_element("tag name", "body").text
    finally:
        chromium.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    assert "Terms by version" in text and "Archived texts" in text and "ratified by the Verkhovna Rada" in text
    assert "Show only the terms that changed" not in text  # the script's button is a convenience


def test_the_grid_toggle_shows_only_changed_terms(chromium: Any, pages: dict[str, tuple[Path, Path]]) -> None:
    load(chromium, pages["diff-v2-v3"][0])
    button = chromium.find_element("css selector", "button.grid-toggle")
    visible = "return Array.from(document.querySelectorAll('tr.term-row')).filter(r => r.offsetParent).length"
    every = chromium.execute_script(visible)
    button.click()
    changed = chromium.execute_script(visible)
    assert 0 < changed < every
    assert button.get_attribute("aria-pressed") == "true"


def test_print_layout_keeps_every_column(chromium: Any, pages: dict[str, tuple[Path, Path]], shots: Path) -> None:
    chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        load(chromium, pages["log"][0], 800)
        hidden = chromium.execute_script(
            "var nav = document.querySelector('nav'); return getComputedStyle(nav).display;"
        )
        sticky = chromium.execute_script("return getComputedStyle(document.querySelector('th.term')).position")
        browser.screenshot(chromium, shots / "log-print-800.png")
    finally:
        chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert hidden == "none" and sticky == "static"
