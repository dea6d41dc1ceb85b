"""Headless Chromium for browser tests: Debian's chromium and chromedriver, no downloads."""

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def available() -> bool:
    return os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)


# With `offline`: every host but this machine's loopback names fails to resolve, and whatever
# would still go out (an address written as numbers) is sent to a proxy on a closed loopback
# port, so it fails too. Loopback bypasses the proxy, so the test server still answers.
OFFLINE_ARGS = (
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=localhost;127.0.0.1;[::1]",
)


@contextmanager
def chromium(
    width: int = 390, height: int = 844, *, desktop: bool = False, offline: bool = False
) -> Iterator[Any]:
    """A headless Chromium that never reaches beyond this machine: a phone of `width` × `height`
    CSS pixels by default, or with `desktop` a plain window of that size (a desktop browser, no
    touch or phone user agent), e.g. `chromium(1366, 768, desktop=True)`. With `offline` every
    request to a host other than this machine's loopback fails, as on an intranet with no
    internet (see `requested_hosts` to check what a page asked for)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager fetch a browser
    profile = tempfile.mkdtemp(prefix="danvan-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
        "--lang=vi",
    ):  # fmt: skip
        options.add_argument(arg)
    logs = {"browser": "ALL"}
    if offline:
        for arg in OFFLINE_ARGS:
            options.add_argument(arg)
        logs["performance"] = "ALL"  # every request the browser starts, blocked or not
    options.set_capability("goog:loggingPrefs", logs)
    if desktop:
        options.add_argument(f"--window-size={width},{height}")
    else:
        # Headless windows are at least 500 px wide; a phone's viewport needs device emulation.
        options.add_experimental_option(
            "mobileEmulation",
            {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}},
        )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requested_hosts(driver: Any) -> set[str]:
    """The hosts (host:port) the current page loaded anything from, itself included: its
    navigation and every resource (scripts, styles, images, fetches) the page recorded, and,
    in an `offline` browser, every request the browser started since the last call, including
    those that were blocked (which the page's own records may leave out)."""
    hosts: set[str] = set(
        driver.execute_script(
            "return performance.getEntries()"
            ".filter(e => e.entryType === 'navigation' || e.entryType === 'resource')"
            ".map(e => new URL(e.name).host)"
        )
    )
    if "performance" in driver.log_types:
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                url = message["params"]["request"]["url"]
                if url.startswith(("http:", "https:", "ws:", "wss:")):
                    hosts.add(urlsplit(url).netloc)
    return hosts


def type_date(field: Any, day: dt.date) -> None:
    """Type `day` into an <input type="date"> in the order the browser shows its parts: day
    first in a Vietnamese browser, month first in an American one (Debian's chromium without
    its chromium-l10n package knows only en-US, whatever --lang says)."""
    order = field.parent.execute_script(
        "return new Intl.DateTimeFormat().formatToParts(new Date(2000, 10, 22))"
        ".filter(p => p.type !== 'literal').map(p => p.type)"
    )
    parts = {"day": f"{day:%d}", "month": f"{day:%m}", "year": f"{day:%Y}"}
    field.send_keys("/".join(parts[part] for part in order))


def marks() -> list[object]:
    """pytest marks for a browser test module: a missing Chromium skips it, unless
    DANVAN_REQUIRE_BROWSER is set (CI), where it fails."""
    import pytest

    return [
        pytest.mark.browser,
        pytest.mark.skipif(
            not available() and not os.environ.get("DANVAN_REQUIRE_BROWSER"),
            reason="Chromium chưa được cài (apt-get install chromium chromium-driver)",
        ),
    ]


def waiter(driver: Any, seconds: float = 20) -> Any:
    """A wait that polls through a page being replaced.

    While a submitted form's answer replaces the page, ChromeDriver may answer a lookup with
    a stale element, no element yet, or an inspector error about a node leaving the document;
    all of them mean "not yet", so the wait polls again and fails only when time runs out.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, ignored_exceptions=(WebDriverException,))
