"""4. In a real browser, no payload runs: every page of the XSS site loaded in headless Chromium.

The site built from xss_site.py is served from a loopback http.server and every HTML page is opened twice:
once as published (the Content-Security-Policy on), once with the CSP bypassed, so that the escaping alone
is proved, not just the CSP. A payload that ran would open a dialog (alert), set window.__xss, or fetch
from another origin; a payload that got into the markup would trip the CSP and fire a violation event.
Needs /usr/bin/chromium and Playwright for Python (never `playwright install`); skipped without them.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from hostile_support import FIGURES, run_main
from xss_site import xss_site

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]
WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
    window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`));
"""
PROVOKE = """() => {  // fire what inline handlers would wait for: hover, focus, toggle, errors, animations
    for (const element of document.querySelectorAll('*')) {
        for (const type of ['mouseover', 'focus', 'toggle', 'error', 'load', 'pageshow', 'animationstart'])
            element.dispatchEvent(new Event(type));
    }
    return {xss: window.__xss || null, csp: window.__cspViolations || []};
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("xss-browser")
    xss_site(root / "content")
    outcome = run_main("build", "--source", str(root / "content"), "--out", str(root / "site"))
    assert outcome.code == 0, outcome.text
    web = root / "web"
    shutil.copytree(root / "site", web / "atlas")  # the mini site's base_url is https://example.org/atlas/
    # A page with unescaped payloads, not part of the site: proves the harness notices a payload that runs.
    (web / "canary.html").write_text("<!doctype html><title>c</title><img src=x onerror=\"alert('canary')\">"
                                     "<p onmouseover=\"window.__xss='hover'\">x</p>")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(web)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", sorted(
            "/atlas/" + p.relative_to(root / "site").as_posix().removesuffix("index.html")
            for p in (root / "site").rglob("*.html"))
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("csp", ["as published", "bypassed"])
def test_no_payload_runs_in_chromium(served, browser, csp):
    origin, paths = served
    context = browser.new_context(bypass_csp=(csp == "bypassed"), java_script_enabled=True)
    context.add_init_script(WATCH)
    page = context.new_page()
    ran: list[str] = []
    page.on("dialog", lambda dialog: (ran.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("request", lambda request: None if request.url.startswith((origin, "data:", "about:")) else
            ran.append(f"request to another origin: {request.url}"))
    page.on("pageerror", lambda error: ran.append(f"script error: {error}"))
    problems = {}
    for path in paths:
        page.goto(origin + path, wait_until="load")
        page.wait_for_timeout(30)  # let failed images fire onerror, if any handler existed
        state = page.evaluate(PROVOKE)
        page.wait_for_timeout(10)
        FIGURES[f"4. browser: pages loaded in Chromium, CSP {csp}"] += 1
        if state["xss"] or state["csp"] or ran:
            problems[path] = {"window.__xss": state["xss"], "csp violations": state["csp"], "ran": list(ran)}
            ran.clear()
    context.close()
    assert problems == {}, problems


def test_the_harness_notices_a_payload_that_runs(served, browser):
    origin, _ = served
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(origin + "/canary.html", wait_until="load")
    page.wait_for_timeout(100)
    state = page.evaluate(PROVOKE)
    context.close()
    assert "canary" in dialogs and state["xss"] == "hover"
