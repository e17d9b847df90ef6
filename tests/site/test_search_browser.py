"""Search in a real browser: Pagefind's index, under a sub-path base_url, finds a brief by a word in it."""

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from generator.build import build

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser


@pytest.fixture
def served(mini, tmp_path, day):
    pytest.importorskip("pagefind")
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text() + "\nThe quokka clause is unusual.\n")
    www = tmp_path / "www"
    build(mini, www / "atlas", day, search=True)  # base_url is https://example.org/atlas/

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync"])
        yield browser, f"http://127.0.0.1:{server.server_address[1]}"
        browser.close()
    server.shutdown()
    shutil.rmtree(www, ignore_errors=True)


def test_search_finds_a_brief_and_links_under_the_base_path(served):
    browser, root = served
    page = browser.new_page()
    errors, failed = [], []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text else None)
    page.on("response", lambda response: failed.append(response.url)
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    page.goto(f"{root}/atlas/search/?q=quokka")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    hrefs = [page.locator(".pagefind-ui__result-link").nth(i).get_attribute("href")
             for i in range(page.locator(".pagefind-ui__result-link").count())]
    assert hrefs == ["/atlas/briefs/second-brief/"]
    page.click(".pagefind-ui__result-link")
    page.wait_for_url(f"{root}/atlas/briefs/second-brief/")
    assert errors == [] and failed == []  # the CSP allowed Pagefind's script and WebAssembly; nothing missing
