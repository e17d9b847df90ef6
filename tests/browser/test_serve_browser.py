"""`policy-atlas serve` in Chromium, under the site's own Content-Security-Policy: a save reloads the tab
showing the edited page, and leaves alone a tab whose page the save did not change."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser_support import new_page

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(mini, tmp_path):
    port = free_port()
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--source", str(mini),
                                    "--port", str(port)], cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONPATH": str(REPO)})
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/atlas/", timeout=2).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.2)
            yield f"http://127.0.0.1:{port}/atlas/", mini, log_path
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_a_save_reloads_the_edited_pages_tab_and_not_the_others(browser, served):
    root, mini, log = served
    tabs = {}
    for path in ("briefs/second-brief/", "policies/eu-law/"):
        page = new_page(browser, bypass_csp=False)  # the CSP as a reader's browser applies it
        loads = []
        page.on("load", lambda _, loads=loads: loads.append(time.monotonic()))
        page.goto(root + path)
        tabs[path] = (page, loads)
    time.sleep(0.5)  # the reload scripts connect
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text().replace("Another.", "Edited in the browser test."))
    edited, loads = tabs["briefs/second-brief/"]
    edited.locator("main").get_by_text("Edited in the browser test.").wait_for(timeout=20_000)
    edited.wait_for_load_state("load")
    deadline = time.monotonic() + 20
    while "more to follow" not in log.read_text():  # the rest of the pages, rendered after the reload
        assert time.monotonic() < deadline
        time.sleep(0.1)
    other, other_loads = tabs["policies/eu-law/"]
    # Longer than the rest takes to render and reach the tabs. Playwright hands the tabs' events to the listeners
    # only while one of its calls runs: after a time.sleep the reloaded page's "load" could still be waiting.
    other.wait_for_timeout(2000)
    assert len(loads) == 2 and len(other_loads) == 1  # the edited page's tab reloaded once; the law's not at all
    assert "EU data law" in other.locator("main").inner_text()
    for page, _ in tabs.values():
        assert page.js_errors == []  # no refused connection nor script under the CSP
        page.context.close()
