"""5. The dev server: loopback only, nothing outside the output folder, survives save storms and request bursts.

Runs the real `python -m generator serve` on a free 127.0.0.1 port (the process is started here and
stopped by its id), then attacks it over raw sockets.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hostile_support import FIGURES, REPO

SECRET = "SECRET-BESIDE-THE-PREVIEW"
PAGES = ["/atlas/", "/atlas/compare/", "/atlas/policies/eu-law/", "/atlas/jurisdictions/fr/", "/atlas/briefs/",
         "/atlas/briefs/first-brief/", "/atlas/timeline/", "/atlas/data/", "/atlas/compare/consent/"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, timeout: float = 30) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def raw(port: int, request: bytes, timeout: float = 10) -> bytes:
    """Send bytes exactly as given (no client-side normalising) and return the whole response."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def complete_html(status: int, body: bytes) -> bool:
    text = body.strip().lower()
    return status == 200 and text.startswith(b"<!doctype html>") and text.endswith(b"</html>")


@pytest.fixture
def server(mini, tmp_path):
    port = free_port()
    (tmp_path / "secret.txt").write_text(SECRET)
    log = open(tmp_path / "serve.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--source", str(mini), "--port", str(port)],
                               cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    deadline = time.monotonic() + 30
    while True:
        try:
            if get(port, "/atlas/", timeout=2)[0] == 200:
                break
        except OSError:
            pass
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    try:
        yield port, mini, process, tmp_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server we started, and nothing else
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def listeners(port: int) -> list[str]:
    """Return the local addresses listening on `port`, from /proc/net/tcp and tcp6."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if fields[3] == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def test_binds_loopback_only(server):
    port = server[0]
    addresses = listeners(port)
    FIGURES["5. dev server: listening sockets checked"] += len(addresses)
    if not addresses:
        pytest.skip("/proc/net/tcp not readable here")
    assert addresses and all(address == "0100007F" for address in addresses), addresses  # 127.0.0.1


TRAVERSALS = [
    "/atlas/../secret.txt", "/atlas/../../etc/passwd", "/atlas/%2e%2e/secret.txt", "/atlas/%2E%2E/%2E%2E/etc/passwd",
    "/atlas/%252e%252e/secret.txt", "/atlas/%25252e%25252e/secret.txt", "/atlas/..%2fsecret.txt",
    "/atlas/..%252fsecret.txt", "/atlas/%2e%2e%2fsecret.txt", "/atlas/....//secret.txt", "/atlas/..../secret.txt",
    "/atlas/..\\secret.txt", "/atlas/..%5csecret.txt", "/atlas/%5c..%5csecret.txt", "/atlas/.%2e/secret.txt",
    "/atlas/%c0%ae%c0%ae/secret.txt", "/atlas/%e0%80%ae%e0%80%ae/secret.txt", "/atlas/%ef%bc%8e%ef%bc%8e/secret.txt",
    "/atlas/%ef%bc%8e%ef%bc%8e%ef%bc%8fsecret.txt", "/atlas/%e2%80%a4%e2%80%a4/secret.txt", "/atlas/%00/../secret.txt",
    "/atlas/%00", "/atlas//etc/passwd", "/atlas/%2fetc%2fpasswd", "//etc/passwd", "/etc/passwd", "/../secret.txt",
    "/atlas/./../secret.txt", "/atlas/policies/../../secret.txt", "/atlas/policies/%2e%2e/%2e%2e/secret.txt",
    "/atlas/..;/secret.txt", "/atlas/%2e%2e;/secret.txt", "/atlas/file:///etc/passwd", "/atlas/C:\\secret.txt",
    "/atlas/../content/site.yaml", "/atlas/%2e%2e/content/site.yaml", "/atlas/../serve.log",
    "/__policy-atlas/../secret.txt", "/__policy-atlas/%2e%2e/%2e%2e/secret.txt",
]


def test_traversal_is_refused_by_the_real_server(server):
    port, mini, process, tmp_path = server
    preview = tmp_path / ".atlas-preview"
    (preview / "leak.txt").symlink_to(tmp_path / "secret.txt")  # a link planted in the output folder
    requests = [f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1")
                for path in TRAVERSALS + ["/atlas/leak.txt"]]
    requests += [b"GET http://127.0.0.1/../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                 b"GET ../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                 b"GET /atlas/\xc0\xae\xc0\xae/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                 b"GET /atlas/../secret.txt HTTP/1.0\r\n\r\n"]
    for request in requests:
        response = raw(port, request)
        FIGURES["5. dev server: traversal requests refused"] += 1
        status = response.split(b"\r\n", 1)[0]
        assert SECRET.encode() not in response and b"root:x:0" not in response and b"title: Mini Atlas" not in response, \
            request
        assert b" 200 " not in status or b"Not found" in response or b"404" in response, (request, status)
    assert process.poll() is None
    assert complete_html(*get(port, "/atlas/")[::2])


def test_survives_a_thousand_rapid_saves(server):
    port, mini, process, _ = server
    policy = mini / "policies/eu-law.yaml"
    good = policy.read_text()
    stop = threading.Event()
    seen: list[tuple[int, bool]] = []

    def reader():
        while not stop.is_set():
            status, _, body = get(port, "/atlas/policies/eu-law/")
            seen.append((status, complete_html(status, body)))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for save in range(1000):
            if save % 10 == 3:
                text = good.replace("type: statute", "type: [")  # a broken save now and then
            else:
                text = good.replace("EU data law", f"EU data law, save {save}")
            policy.write_text(text)
            FIGURES["5. dev server: rapid saves"] += 1
        policy.write_text(good.replace("EU data law", "The final title"))
        deadline = time.monotonic() + 60
        while True:
            status, _, body = get(port, "/atlas/policies/eu-law/")
            if b"The final title" in body and b"atlas-overlay" not in body:
                break
            assert process.poll() is None, "the server died"
            assert time.monotonic() < deadline, "the last save never showed"
            time.sleep(0.2)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert complete_html(status, body)
    FIGURES["5. dev server: requests during the save storm"] += len(seen)
    assert seen and all(ok for _, ok in seen), [s for s in seen if not s[1]][:5]
    assert process.poll() is None


def test_survives_a_burst_of_200_concurrent_requests(server):
    port, _, process, _ = server
    start = threading.Barrier(200, timeout=30)

    def one(index: int):
        start.wait()  # all 200 go at once
        return get(port, PAGES[index % len(PAGES)], timeout=60)

    with concurrent.futures.ThreadPoolExecutor(max_workers=200) as pool:
        results = list(pool.map(one, range(200), timeout=120))
    FIGURES["5. dev server: concurrent requests"] += len(results)
    bad = [(status, body[-80:]) for status, _, body in results if not complete_html(status, body)]
    assert bad == []
    assert process.poll() is None
    assert complete_html(*get(port, "/atlas/")[::2])


def test_a_full_disk_during_a_preview_rebuild_is_shown_not_fatal(tmp_path):
    import errno

    from generator.preview.serve import Preview

    def rebuild():
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".atlas-preview/x.html"))

    preview = Preview(rebuild, tmp_path / "content")
    assert preview.refresh() is False
    FIGURES["2. disk full (ENOSPC) during a preview rebuild"] += 1
    assert "No space left on device" in preview.overlay()
