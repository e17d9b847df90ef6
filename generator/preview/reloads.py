"""Which open pages to reload after a rebuild, and the channel that tells them.

Each HTML page the server sends carries, on its reload script, its output path, the version of the
output it was served from and the server's identity. The script keeps a WebSocket open to
`/__policy-atlas/live` with those three. After a rebuild the server reloads only the tabs whose page
changed, or whose page names a data file that changed (the comparison's years, which its script
fetches); a live rebuild knows which files' bytes changed; a full build, a failed one and the one
that mends it change every page. A tab that was not connected when its page changed (it was
itself reloading, or the server had restarted) is reloaded as soon as it connects: its version says
what it missed. livereload's own client reloaded every tab on every save, and a tab that was
reloading just then never learned of the save at all.
"""

from __future__ import annotations

import html
import re
import secrets
import threading
from pathlib import Path
from typing import Iterable

CHANNEL = "/__policy-atlas/live"
_DATA_ATTRIBUTE = re.compile(rb'\sdata-[\w-]+="([^"<>]+)"')
SCRIPT = b"""(function () {
  var me = document.currentScript, wait = 250;
  var query = "?page=" + encodeURIComponent(me.getAttribute("data-page")) + "&version=" +
    encodeURIComponent(me.getAttribute("data-version")) + "&server=" + encodeURIComponent(me.getAttribute("data-server"));
  function connect() {
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "%s" + query);
    socket.onopen = function () { wait = 250; };
    socket.onmessage = function (event) { if (event.data === "reload") { location.reload(); } };
    socket.onclose = function () { setTimeout(connect, wait); wait = Math.min(wait * 2, 4000); };
  }
  connect();
})();
""".replace(b"%s", CHANNEL.encode())


class Versions:
    """The output's version, counted up by each rebuild, and since which version each page is unchanged."""

    def __init__(self):
        self.server = secrets.token_hex(8)  # a tab served by another run of the server reloads when it connects
        self.version = 0
        self._everything = 0  # the last version in which every page may have changed
        self._pages: dict[str, int] = {}  # output path -> the last version that changed it
        self._lock = threading.Lock()  # rebuilds run on the server's loop, the work left for later on a thread

    def changed(self, pages: Iterable[str] | None) -> int:
        """Count a rebuild that changed these output files (None: any of them); return the new version."""
        with self._lock:
            self.version += 1
            if pages is None:
                self._everything = self.version
            else:
                for page in pages:
                    self._pages[page] = self.version
            return self.version

    def stale(self, page: str, version: int, server: str) -> bool:
        """Return whether a tab showing `page`, served at `version` by `server`, shows an old output."""
        with self._lock:
            return server != self.server or max(self._everything, self._pages.get(page, 0)) > version

    def attributes(self, page: str) -> str:
        """Return what the reload script of a page served now says of it (`page`: its output path)."""
        return f'data-page="{html.escape(page)}" data-version="{self.version}" data-server="{self.server}"'


class Tabs:
    """The open tabs, each connected over the channel, by the page it shows. Used on the server's loop only."""

    def __init__(self, versions: Versions, site: Path):
        self.versions, self.site = versions, site
        self.open: dict[object, str] = {}  # connection -> the output path of its page

    def connected(self, connection, page: str, version: int, server: str) -> bool:
        """Note a tab that connected; return whether it must reload at once (its page changed since it was served)."""
        self.open[connection] = page
        return self.versions.stale(page, version, server)

    def closed(self, connection) -> None:
        self.open.pop(connection, None)

    def to_reload(self, files: frozenset[str] | None) -> list:
        """Return the connections whose page is among the changed `files` (None: any file), or names one of them
        that is not a page (a data file its script fetches)."""
        data = [file for file in files if not file.endswith(".html")] if files is not None else []
        return [connection for connection, page in self.open.items()
                if files is None or page in files or (data and names_any(self.site / page, data))]


def names_any(page: Path, files: list[str]) -> bool:
    """Return whether the page's HTML hands its scripts any of these output files in a data- attribute (the address
    of a file they fetch, as `data-years` does). Links to feeds and exports, on every page, do not count."""
    try:
        body = page.read_bytes()
    except OSError:
        return False
    values = {value.rsplit(b"?", 1)[0] for value in _DATA_ATTRIBUTE.findall(body)}
    return any(value == file.encode("utf-8") or value.endswith(b"/" + file.encode("utf-8"))
               for value in values for file in files)


def socket_handler(tabs: Tabs):
    """Return the tornado WebSocket handler of the channel (tornado is imported only by serve)."""
    from tornado.websocket import WebSocketHandler

    class Channel(WebSocketHandler):
        # tornado's default check_origin: only pages of this very host may connect
        def open(self) -> None:
            try:
                version = int(self.get_argument("version", "0"))
            except ValueError:
                version = 0
            page = self.get_argument("page", "")
            if tabs.connected(self, page, version, self.get_argument("server", "")):
                self.write_message("reload")

        def on_message(self, message) -> None:  # the tab says nothing; anything it sends is ignored
            pass

        def on_close(self) -> None:
            tabs.closed(self)

    return Channel


def reload(tabs: Tabs, files: frozenset[str] | None) -> int:
    """Tell the tabs whose page changed among `files` (None: all) to reload; return how many were told."""
    told = 0
    for connection in tabs.to_reload(files):
        try:
            connection.write_message("reload")
            told += 1
        except Exception:  # the tab went away meanwhile (tornado's WebSocketClosedError)
            tabs.closed(connection)
    return told
