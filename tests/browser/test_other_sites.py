"""Sites on other topics look right too: the `init` starter and the right-to-repair example, in Chromium.

axe-core finds no violations on their pages, light and dark, at desktop and phone widths, nothing
scrolls sideways, and screenshots go to /tmp/shots/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest

from generator.build import build
from generator.content.starter import init_site
from generator.site.urls import Urls

from browser_support import SHOTS, axe_rules, new_page, run_axe

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 27)
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]
PAGES = {
    "starter": ["", "compare/", "compare/approach/", "policies/exampleland-example-act/", "briefs/how-this-atlas-works/"],
    "repair": ["", "compare/", "compare/parts_and_manuals/", "jurisdictions/us-ca/",
               "policies/us-ca-right-to-repair-act/", "briefs/four-repair-laws/", "briefs/", "briefs/page/2/", "404.html"],
}


@pytest.fixture(scope="module")
def browser():
    """Chromium of its own: these sites do not need the shipped site that conftest's browser waits for."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Build both sites and serve each under its base path; return {name: root URL}."""
    work = tmp_path_factory.mktemp("other-sites")
    init_site(work / "starter", "Plastic Bag Rules", DAY)
    shutil.copytree(REPO / "tests/sites/repair", work / "repair" / "content")
    with open(work / "repair" / "content" / "site.yaml", "a") as settings:
        settings.write("briefs_per_page: 1\n")  # the list of briefs in pages, with its page navigation
    (work / "repair" / "content" / "briefs" / "older-note.md").write_text(
        "---\ntitle: An older note\ndate: 2020-01-15\nsummary: A second brief, so that the list has two pages.\n---\nText.\n")
    urls, servers = {}, []
    for name in PAGES:
        atlas = build(work / name / "content", work / name / "site", DAY, search=False).atlas
        prefix = Urls(atlas.site.base_url).base_path
        root = work / name / "served"
        shutil.copytree(work / name / "site", root / prefix.strip("/") if prefix != "/" else root)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls[name] = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    yield urls
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("width, scheme", [(1280, "light"), (1280, "dark"), (360, "light"), (360, "dark")])
@pytest.mark.parametrize("name", list(PAGES))
def test_other_sites_pass_axe_and_fit_a_phone(browser, sites, name, width, scheme):
    page = new_page(browser, width=width, color_scheme=scheme)
    found = {}
    SHOTS.mkdir(exist_ok=True)
    for path in PAGES[name]:
        page.goto(sites[name] + path)
        page.wait_for_load_state("load")
        if path == "compare/":
            page.wait_for_selector("[data-ready]", state="attached")
        label = path.strip("/").replace("/", "-") or "home"
        page.screenshot(path=str(SHOTS / f"{name}-{label}-{width}-{scheme}.png"), full_page=True)
        violations = run_axe(page, axe_rules(scheme))
        if violations:
            found[path] = violations
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    assert page.js_errors == []
    page.context.close()
    assert found == {}, json.dumps(found, indent=1)
