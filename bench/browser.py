"""Time a kgraph page in headless Chromium, offline (as tests/viz/conftest.py starts it).

The page sets ``window.kgraph.ready = true`` (and ``data-ready`` on ``<body>``) after
vis-network's first ``afterDrawing``; physics is off, so the layout is settled at that first
draw. A script injected before the page's own watches ``data-ready`` with a MutationObserver
and records ``performance.now()`` -- milliseconds since navigation start -- the moment it is
set. Selenium also polls ``window.kgraph.ready`` and reads ``performance.now()`` when it sees it
(an upper bound, late by up to one poll interval).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

WATCH_READY = """
(function () {
  var mark = function () {
    if (window.__kgReadyAt === undefined && window.kgraph && window.kgraph.ready) {
      window.__kgReadyAt = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready"] });
})();
"""
READ_STATE = """
var nav = performance.getEntriesByType("navigation")[0] || {};
return {ready: Boolean(window.kgraph && window.kgraph.ready), now: performance.now(),
        readyAt: window.__kgReadyAt === undefined ? null : window.__kgReadyAt,
        domContentLoaded: nav.domContentLoadedEventEnd || null, load: nav.loadEventEnd || null};
"""
FLAGS = (  # also used by tests/viz/conftest.py
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--window-size=1400,900",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)


def chromium() -> tuple[str | None, str | None]:
    """Paths of Chromium and chromedriver (``None`` where missing)."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    return binary, shutil.which("chromedriver")


def _start(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(120)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_READY})
    return driver


def _load_once(driver, url: str, timeout: float) -> dict:
    """Navigate to ``url`` and wait for the first full draw; the page's own timings (ms)."""
    driver.get("about:blank")
    driver.get(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = driver.execute_script(READ_STATE)
        if state["ready"]:
            if state["readyAt"] is None:  # the observer missed it: fall back to the poll's reading
                state["readyAt"] = state["now"]
            return {"ready_ms": state["readyAt"], "poll_ms": state["now"], "load_ms": state["load"]}
        time.sleep(0.02)
    raise TimeoutError(f"the page did not finish its first draw within {timeout:g} s")


def time_page(path: Path, *, loads: int, timeout: float = 120) -> list[dict]:
    """Timings of ``loads`` navigations to the page at ``path`` in one headless Chromium."""
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as profile:
        driver = _start(profile)
        try:
            return [_load_once(driver, path.absolute().as_uri(), timeout) for _ in range(loads)]
        finally:
            driver.quit()
