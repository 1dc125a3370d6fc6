"""A real headless Chromium (Debian's chromium + chromium-driver) driven by Selenium.

The browser runs with the network blocked (a dead proxy for everything, loopback included),
so a page that needs anything from outside fails visibly. In CI (CI=true) a missing browser
is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil

import pytest

from bench.browser import FLAGS  # the same offline Chromium the benchmark times

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")


def _missing(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI must run the browser tests: install Debian's chromium and chromium-driver)")
    pytest.skip(f"{reason}: apt-get install chromium chromium-driver")


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not CHROMIUM or not CHROMEDRIVER:
        _missing("no headless Chromium / chromedriver on PATH")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
