"""Debian's Chromium, driven by Selenium through Debian's chromedriver: nothing is ever downloaded.

Used by the browser tests, and to make the README's screenshot of the shipped log page:

    python -m tests.browser            # rewrites docs/negotiation.png

Chromium runs headless, sandbox off (CI runs as root), with every background connection
switched off and a fresh profile, so the only request it makes is the page it is given.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
REPO_ROOT = Path(__file__).resolve().parent.parent
README_SHOT = REPO_ROOT / "docs" / "negotiation.png"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def missing() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.exists():
            return f"{path} is missing: install Debian's {package} (apt-get install -y {package}); .ci/run does"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -e '.[test]'"
    return None


@contextmanager
def chromium(width: int = 1280, height: int = 900, *, javascript: bool = True) -> Iterator[Any]:
    """A headless Chromium window of the given size; console and network events are logged."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch a driver
    profile = tempfile.mkdtemp(prefix="drafts-chromium-")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        driver.set_page_load_timeout(30)
        # A window is at least 500 px wide; a phone's viewport is emulated instead.
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        driver.get_log("performance")  # the new tab's own requests are not the page's
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requests(driver: Any) -> list[str]:
    """Every URL the page asked for since the last call (the performance log is drained)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def console_errors(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def screenshot(driver: Any, path: Path, *, full_page: bool = True) -> Path:
    """A PNG of the page at the window's width: the whole page, or the first screen."""
    params: dict[str, Any] = {"format": "png"}
    if full_page:
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics["cssContentSize"]
        width = driver.execute_script("return document.documentElement.clientWidth")
        params |= {
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": size["height"], "scale": 1},
        }
    data = driver.execute_cdp_cmd("Page.captureScreenshot", params)["data"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(data))
    return path


def readme_screenshot(target: Path = README_SHOT) -> Path:
    """The README's picture: the first screen of `drafts log` on the shipped collection, 1280 px wide."""
    from typer.testing import CliRunner

    from drafts.cli import app

    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "negotiation.html"
        result = CliRunner().invoke(app, ["--root", str(REPO_ROOT), "log", "--output", str(page)])
        if result.exit_code != 0:
            raise SystemExit(result.output)
        with chromium(1280, 1000) as driver:
            driver.get(page.as_uri())
            return screenshot(driver, target, full_page=False)


if __name__ == "__main__":
    why = missing()
    if why:
        sys.exit(why)
    print(readme_screenshot(Path(sys.argv[1]) if len(sys.argv) > 1 else README_SHOT))
