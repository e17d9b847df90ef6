"""The real dev server on a loopback port: a save rebuilds only what changed and sends the reload signal."""

import asyncio
import html
import re
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from tornado.ioloop import IOLoop
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 20.0) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def server(mini, tmp_path):
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--source", str(mini), "--port", str(port)],
                               cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        wait_for(f"http://127.0.0.1:{port}/atlas/")
        yield port, mini, tmp_path / "serve.log"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def tab_of(page: str) -> dict[str, str]:
    """Return what the reload script of a served page says of it: its output path, version and server."""
    tag = re.search(r'<script src="/__policy-atlas/reload\.js"([^>]*)>', page)
    assert tag, "the page has no reload script"
    return {name: html.unescape(value) for name, value in re.findall(r'data-(page|version|server)="([^"]*)"', tag[1])}


def channel(port: int, tab: dict[str, str]) -> str:
    return f"ws://127.0.0.1:{port}/__policy-atlas/live?{urllib.parse.urlencode(tab)}"


def reloads_after(port: int, paths: list[str], edit, until, seconds: float = 20.0, quiet: float = 1.5) -> dict[str, int]:
    """Open a tab (the page fetched, then connected as its reload script does) on each path, make the edit,
    wait until `until()` is true and `quiet` seconds more, and return how many reloads each tab was sent."""
    got: dict[str, list] = {path: [] for path in paths}

    async def session():
        sockets = []
        for path in paths:
            tab = tab_of(fetch(f"http://127.0.0.1:{port}{path}")[1])  # a page with the overlay answers 500
            sockets.append(await websocket_connect(channel(port, tab), on_message_callback=got[path].append))
        edit()
        deadline = time.monotonic() + seconds
        while not until():
            assert time.monotonic() < deadline, "the edit never showed"
            await asyncio.sleep(0.1)
        await asyncio.sleep(quiet)
        for socket_ in sockets:
            socket_.close()
    IOLoop.current().run_sync(session, timeout=seconds + quiet + 10)
    return {path: sum(message == "reload" for message in messages) for path, messages in got.items()}


def shows(port: int, path: str, text: str) -> bool:
    return text in wait_for(f"http://127.0.0.1:{port}{path}").decode()


TABS = ["/atlas/briefs/second-brief/", "/atlas/briefs/", "/atlas/policies/eu-law/", "/atlas/policies/us-il-act/",
        "/atlas/jurisdictions/fr/"]


def test_a_save_reloads_the_tabs_whose_page_changed_and_no_other(server):
    port, mini, log = server
    before = {path: wait_for(f"http://127.0.0.1:{port}{path}") for path in TABS}
    brief = mini / "briefs/second-brief.md"
    told = reloads_after(port, TABS, lambda: brief.write_text(brief.read_text().replace("Another.", "Edited.")),
                         until=lambda: "more to follow" in log.read_text() and shows(port, TABS[1], "Edited."))
    after = {path: wait_for(f"http://127.0.0.1:{port}{path}") for path in TABS}
    changed = {path for path in TABS if strip_script(before[path]) != strip_script(after[path])}
    assert {TABS[0], TABS[1]} <= changed and TABS[2] not in changed  # the brief and the list; not the EU law's page
    assert told == {path: 1 if path in changed else 0 for path in TABS}


def strip_script(page: bytes) -> bytes:
    """A page as built, without the reload script the server adds (its version changes with every rebuild)."""
    return re.sub(rb'<script src="/__policy-atlas/reload\.js"[^>]*></script>', b"", page)


def test_a_tab_that_missed_a_change_reloads_as_soon_as_it_connects(server):
    port, mini, log = server
    path = "/atlas/briefs/second-brief/"
    old = tab_of(wait_for(f"http://127.0.0.1:{port}{path}").decode())
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text().replace("Another.", "Edited."))  # while the tab was not connected
    deadline = time.monotonic() + 20
    while not shows(port, path, "Edited."):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    new = tab_of(wait_for(f"http://127.0.0.1:{port}{path}").decode())
    unrelated = tab_of(wait_for(f"http://127.0.0.1:{port}/atlas/policies/eu-law/").decode())

    async def first_message(tab: dict[str, str]) -> str | None:
        socket_ = await websocket_connect(channel(port, tab))
        try:
            return await asyncio.wait_for(socket_.read_message(), 1.0)
        except asyncio.TimeoutError:
            return None
        finally:
            socket_.close()

    def first(tab):
        return IOLoop.current().run_sync(lambda: first_message(tab), timeout=10)

    assert first(old) == "reload"  # served before the edit
    assert first(new) is None and first(unrelated) is None  # served after it, or unchanged by it
    assert first({**new, "server": "another-run"}) == "reload"  # served by an earlier run of the server
    assert int(new["version"]) > int(old["version"])


def test_the_pages_a_browser_shows_are_rendered_before_the_reload_the_rest_after(server):
    port, mini, log = server
    assert "Another." in wait_for(f"http://127.0.0.1:{port}/atlas/briefs/").decode()  # a browser shows the list
    brief = mini / "briefs/second-brief.md"
    told = reloads_after(port, ["/atlas/briefs/"], lambda: brief.write_text(brief.read_text().replace("Another.", "Edited.")),
                         until=lambda: "more to follow" in log.read_text(), quiet=0)
    assert told == {"/atlas/briefs/": 1}
    assert "Edited." in wait_for(f"http://127.0.0.1:{port}/atlas/briefs/").decode()  # at the first reload
    found = re.findall(r"Rebuilt (\d+) of \d+ pages in [\d.]+ s \((\d+) more to follow\)", log.read_text())
    # the brief's own page and the pages served (the list; the home page, which the fixture waited for): the
    # other four after the reload
    assert found[-1] == ("3", "4")


def test_a_broken_save_reloads_every_tab_with_the_overlay_and_the_mending_save_every_tab_again(server):
    port, mini, _ = server
    policy = mini / "policies/eu-law.yaml"
    good = policy.read_text()
    tabs = ["/atlas/policies/eu-law/", "/atlas/jurisdictions/fr/"]

    def overlaid(shown: bool):
        return lambda: all(("atlas-overlay" in wait_for(f"http://127.0.0.1:{port}{path}").decode()) == shown
                           for path in tabs)

    told = reloads_after(port, tabs, lambda: policy.write_text(good.replace("type: statute", "type: [")),
                         until=overlaid(True), quiet=0.5)
    assert told == {path: 1 for path in tabs}
    assert "EU data law" in wait_for(f"http://127.0.0.1:{port}/atlas/policies/eu-law/").decode()  # the last good page
    told = reloads_after(port, tabs, lambda: policy.write_text(good), until=overlaid(False), quiet=0.5)
    assert told == {path: 1 for path in tabs}


def fetch(url: str) -> tuple[int, str]:
    """Return the status and text of a page, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize("broken", ["policy", "site.yaml"])
def test_first_build_failing_shows_the_overlay_everywhere_until_fixed(mini, tmp_path, broken):
    """No good build yet: every path answers with the problems; the next good save serves the site."""
    path = mini / ("policies/eu-law.yaml" if broken == "policy" else "site.yaml")
    good = path.read_text()
    path.write_text(good.replace("type: statute", "type: [") if broken == "policy" else good + "regions: [\n")
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--source", str(mini), "--port", str(port)],
                               cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                status, page = fetch(f"http://127.0.0.1:{port}/atlas/policies/eu-law/")
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
        for address in ("/atlas/policies/eu-law/", "/", "/atlas/nothing/here/"):
            status, page = fetch(f"http://127.0.0.1:{port}{address}")
            assert status == 500 and 'class="atlas-overlay"' in page and "could not be built" in page, address
            assert f"content/{path.relative_to(mini)}:" in page
        told = reloads_after(port, ["/atlas/policies/eu-law/"], lambda: path.write_text(good),
                             until=lambda: fetch(f"http://127.0.0.1:{port}/atlas/policies/eu-law/")[0] == 200, quiet=0)
        assert told == {"/atlas/policies/eu-law/": 1}
        status, page = fetch(f"http://127.0.0.1:{port}/atlas/policies/eu-law/")
        assert status == 200 and "EU data law" in page and "atlas-overlay" not in page
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
