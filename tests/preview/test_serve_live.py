"""The real dev server on a loopback port: a save rebuilds only what changed and sends the reload signal."""

import re
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
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


def reload_message_after(port: int, edit, seconds: float = 15.0, count: int = 1) -> dict:
    """Connect as livereload.js does, make the edit, and return the first 'reload' command received
    (with `count` above 1, wait for that many and return the last)."""
    async def session():
        socket_ = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        socket_.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        await socket_.read_message()  # the server's hello
        socket_.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/atlas/"}))
        edit()
        left = count
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            message = await socket_.read_message()
            data = json.loads(message) if message else {}
            if data.get("command") == "reload" and data.get("path") not in ("*", "__livereload__"):  # not the start-up one
                left -= 1
                if not left:
                    return data
        raise AssertionError("no reload signal")
    return IOLoop.current().run_sync(session, timeout=seconds + 5)


def test_save_rebuilds_only_affected_pages_and_reloads(server):
    port, mini, log = server
    brief = mini / "briefs/second-brief.md"
    message = reload_message_after(port, lambda: brief.write_text(brief.read_text().replace("Another.", "Edited.")),
                                   count=2)  # once with the brief's page, again when the lists are done too
    assert message["command"] == "reload"
    assert "Edited." in wait_for(f"http://127.0.0.1:{port}/atlas/briefs/second-brief/").decode()
    assert "Edited." in wait_for(f"http://127.0.0.1:{port}/atlas/briefs/").decode()
    # the brief and the pages linking it before the reload; lists, feed and data after it: 8 pages in all
    found = re.search(r"Rebuilt (\d+) of \d+ pages in [\d.]+ s \((\d+) more to follow\)", log.read_text())
    assert found and int(found[1]) + int(found[2]) == 8


def test_the_pages_a_browser_shows_are_rendered_before_the_reload_the_rest_after(server):
    port, mini, log = server
    assert "Another." in wait_for(f"http://127.0.0.1:{port}/atlas/briefs/").decode()  # a browser shows the list
    brief = mini / "briefs/second-brief.md"
    reload_message_after(port, lambda: brief.write_text(brief.read_text().replace("Another.", "Edited.")))
    assert "Edited." in wait_for(f"http://127.0.0.1:{port}/atlas/briefs/").decode()  # at the first reload
    found = re.findall(r"Rebuilt (\d+) of \d+ pages in [\d.]+ s \((\d+) more to follow\)", log.read_text())
    # the brief's own page and the pages served (the list; the home page, which the fixture waited for): the
    # other five after the reload
    assert found[-1] == ("3", "5")


def test_broken_save_overlays_and_next_save_recovers(server):
    port, mini, _ = server
    policy = mini / "policies/eu-law.yaml"
    good = policy.read_text()
    reload_message_after(port, lambda: policy.write_text(good.replace("type: statute", "type: [")))
    page = wait_for(f"http://127.0.0.1:{port}/atlas/policies/eu-law/").decode()
    assert "atlas-overlay" in page and "EU data law" in page
    reload_message_after(port, lambda: policy.write_text(good))
    assert "atlas-overlay" not in wait_for(f"http://127.0.0.1:{port}/atlas/policies/eu-law/").decode()


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
        reload_message_after(port, lambda: path.write_text(good))
        status, page = fetch(f"http://127.0.0.1:{port}/atlas/policies/eu-law/")
        assert status == 200 and "EU data law" in page and "atlas-overlay" not in page
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
