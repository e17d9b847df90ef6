"""Search in a real browser: the sharded Pagefind index, merged, under a sub-path base_url, finds pages in every shard."""

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from generator.build import build
from search_support import settled_results

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser


WORDS = {"quokka": "briefs/second-brief.md", "numbat": "policies/us-il-act.yaml", "bilby": "jurisdictions/fr.yaml"}


@pytest.fixture
def served(mini, tmp_path, day, monkeypatch):
    pytest.importorskip("pagefind")
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    from generator.site import search

    monkeypatch.setattr(search, "SHARD_PAGES", 3)  # the test site is small: split it into many shards
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text() + "\nThe quokka clause is unusual.\n")
    for name in ("policies/us-il-act.yaml", "jurisdictions/fr.yaml"):
        path = mini / name
        word = next(w for w, n in WORDS.items() if n == name)
        path.write_text(path.read_text().replace("\nsummary: ", f"\nsummary: The {word} rule. ", 1))
    www = tmp_path / "www"
    build(mini, www / "atlas", day, search=True)  # base_url is https://example.org/atlas/
    shards = search.shards(str(p.relative_to(www / "atlas")) for p in (www / "atlas").rglob("*.html"))
    holding = {next(n for n, paths in shards.items() if any(w in p for p in paths)) for w in
               ("briefs/second-brief/", "policies/us-il-act/", "jurisdictions/fr/")}
    assert len(holding) == 3, holding  # the three words are in three different shards

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


def _results(page, root: str, word: str) -> list[str]:
    page.goto(f"{root}/atlas/search/?q={word}")
    return settled_results(page)


def test_merged_search_finds_pages_in_every_shard_and_links_under_the_base_path(served):
    browser, root = served
    page = browser.new_page()
    errors, failed = [], []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text else None)
    page.on("response", lambda response: failed.append(response.url)
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    assert _results(page, root, "quokka") == ["/atlas/briefs/second-brief/"]
    assert "/atlas/policies/us-il-act/" in _results(page, root, "numbat")
    assert "/atlas/jurisdictions/fr/" in _results(page, root, "bilby")
    page.goto(f"{root}/atlas/search/?q=quokka")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    page.click(".pagefind-ui__result-link")
    page.wait_for_url(f"{root}/atlas/briefs/second-brief/")
    assert errors == [] and failed == []  # the CSP allowed Pagefind's script and WebAssembly; nothing missing
