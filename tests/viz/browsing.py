"""Helpers for the browser tests: open a page and wait for its first drawing, collect what went wrong."""

from __future__ import annotations

import json
import time

# schemes that never leave the machine; chrome: is Chrome's own UI (a <select>'s drop-down, say)
_LOCAL = ("file:", "data:", "blob:", "about:", "chrome:")


def open_page(browser, path) -> None:
    """Load ``path`` (a file) and wait until the network has finished its first drawing.

    about:blank first: a fresh Chromium's own start-up page (Debian's opens
    start.duckduckgo.com) fails through the dead proxy, and that failure must land before the
    logs are drained, not among this page's."""
    browser.get("about:blank")
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(path.absolute().as_uri())
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if browser.execute_script("return Boolean(window.kgraph && window.kgraph.ready)"):
            return
        time.sleep(0.1)
    raise AssertionError("the network never finished its first drawing")


def problems(browser) -> tuple[list, list, list]:
    """Console errors and warnings, failed loads and requests to anything but local files, since the last call."""
    console = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    failed, external = [], []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.loadingFailed":
            failed.append(message["params"])
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(_LOCAL):
                external.append(url)
    return console, failed, external
