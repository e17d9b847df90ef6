"""Chinese search in a real browser: the /zh/ pages have their own Pagefind index, segmented as Chinese."""

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from search_support import settled_results

CHROMIUM = "/usr/bin/chromium"
BRIEF = "/zh/briefs/china-proposed-national-biometric-data-bank/"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(shipped_site):
    pytest.importorskip("pagefind")
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    www = shipped_site  # built with its search index, Pagefind being installed

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield www, browser, f"http://127.0.0.1:{server.server_address[1]}"
        browser.close()
    server.shutdown()


def _results(page, url: str) -> list[str]:
    page.goto(url)
    return settled_results(page)


def test_the_chinese_index_is_its_own_and_in_chinese(served):
    www, _, _ = served
    listing = json.loads((www / "pagefind" / "shards.json").read_text("utf-8"))
    zh = listing["languages"]["zh-Hans"]
    assert zh["primary"].startswith("zh")
    entry = json.loads((www / "pagefind" / zh["primary"] / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["zh"]
    assert not any(name.startswith("zh") for name in [listing["primary"], *listing["merge"]])


@pytest.mark.parametrize("term", ["数据银行", "单独同意"])  # words inside sentences: found only if segmented
def test_chinese_search_finds_a_term_from_the_translated_brief(served, term):
    _, browser, root = served
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text else None)
    found = _results(page, f"{root}/zh/search/?q={term}")
    assert BRIEF in found
    assert all(link.startswith("/zh/") for link in found)
    assert page.locator("#search input").get_attribute("aria-label") == "搜索本图谱"
    assert errors == []


def test_the_language_switcher_keeps_the_page_and_its_view_state(served):
    _, browser, root = served
    page = browser.new_page()
    page.goto(f"{root}/compare/side-by-side/?j=cn,eu")
    page.click("nav.languages a[hreflang=zh-Hans]")
    page.wait_for_url(f"{root}/zh/compare/side-by-side/?j=cn,eu")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.click("nav.languages a[hreflang=en]")
    page.wait_for_url(f"{root}/compare/side-by-side/?j=cn,eu")
