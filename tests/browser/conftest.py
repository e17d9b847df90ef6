"""Browser tests: build the shipped content once, serve it on a loopback port, drive Debian's Chromium.

Playwright for Python drives /usr/bin/chromium (Debian's package; never `playwright install`). Every
test module here sets `pytestmark = pytest.mark.browser`; without Chromium or Playwright they are
skipped, not failed.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from generator.build import check
from generator.site.urls import Urls

from browser_support import new_page

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
CHROMIUM = Path("/usr/bin/chromium")
DAY = dt.date(2026, 11, 27)
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]


@pytest.fixture(scope="session")
def atlas():
    return check(CONTENT, DAY)


@pytest.fixture(scope="session")
def built_site(shipped_site) -> Path:
    """The shipped site as built for every module (tests/conftest.py; dated DAY)."""
    return shipped_site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def base_url(built_site, atlas) -> str:
    """Serve the built site under its base_url's path on a free 127.0.0.1 port; return the site's root URL."""
    prefix = Urls(atlas.site.base_url).base_path  # '/' or '/atlas/'
    root = built_site
    if prefix != "/":
        root = built_site.parent / "served"
        target = root / prefix.strip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copytree(built_site, target)
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(built_site):
    """One Chromium per test module, started after the site is built and closed before other test
    folders run (Playwright's sync API keeps an asyncio loop running while it is open)."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = new_page(browser)
    yield page
    assert page.js_errors == []
    page.context.close()
