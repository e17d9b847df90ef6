"""The dev server: serves the last good build, shows build problems over it, reloads after each rebuild.

It knows nothing about building: it takes a `rebuild()` callable that returns the problems of the
new build (an empty list when it succeeded), or a `Rebuilt` that also says which output files changed,
and never touches the site folder itself. Only the open tabs whose page changed are reloaded (reloads.py).
"""

from __future__ import annotations

import html
import mimetypes
import posixpath
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from generator.problems import Problem
from generator.preview import reloads
from generator.preview.watch import Changes

Rebuild = Callable[..., "list[Problem] | Rebuilt"]  # takes no argument, or the set of paths reported changed
ASSETS = "/__policy-atlas/"
POLL_MS = 150  # how often folders are walked for changes when the operating system cannot tell us
SHOWN = 8  # pages served last that an edit renders before the reload (live.py): one open tab each, or so
FINISH_WAIT_S, FINISH_AFTER_S = 1.0, 0.2  # work left for after a reload starts this long after the page is served
NOTIFIED_MS = 20  # how often the flags set by the operating system's notifications are looked at
RELOAD_JS = reloads.SCRIPT
OVERLAY_CSS = b"""
.atlas-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#fff;
 font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem}
.atlas-overlay h2{color:#ff8a80;font:700 1.2rem/1.3 system-ui,sans-serif;margin:0 0 1rem}
.atlas-overlay li{margin:0 0 1rem;white-space:pre-wrap}.atlas-overlay .where{color:#8cc4ff}
.atlas-overlay pre{background:#000;color:#ddd;padding:.5rem;margin:.3rem 0 0;overflow:auto}
.atlas-overlay .mark{color:#ffd54f}
"""
NO_SITE = (b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head>'
           b'<body><main><h1>The site could not be built</h1></main></body></html>')


@dataclass(frozen=True)
class Rebuilt:
    """What a rebuild did: its problems, and the output files whose bytes changed (None: any may have)."""

    problems: tuple[Problem, ...] = ()
    changed: frozenset[str] | None = None


@dataclass
class Preview:
    """What the server shows: problems of the latest build (none after a good one)."""

    rebuild: Rebuild
    source: Path
    problems: list[Problem] = field(default_factory=list)
    finish: Callable[[], frozenset[str]] | None = None  # work a rebuild left for after the reload: the files it changed
    served: threading.Event = field(default_factory=threading.Event)  # set when an HTML page was served
    shown: deque = field(default_factory=lambda: deque(maxlen=SHOWN))  # the HTML pages served last, newest last
    versions: reloads.Versions = field(default_factory=reloads.Versions)
    changed: frozenset[str] | None = None  # the output files the last refresh changed (None: any may have)

    def viewed(self) -> frozenset[str]:
        """Return the output paths of the pages served last: those an open browser most likely shows."""
        return frozenset(self.shown)

    def refresh(self, changed: set[str] | None = None) -> bool:
        """Rebuild; keep the problems for the overlay; return True when the build succeeded.

        `changed`, when known, is every path the operating system reported changed: it goes to the
        rebuild, which may use it instead of looking at every file.
        """
        had_problems = bool(self.problems)
        try:
            result = self.rebuild() if changed is None else self.rebuild(changed)
            self.problems, self.changed = ((list(result.problems), result.changed) if isinstance(result, Rebuilt)
                                           else (list(result), None))
        except OSError as error:  # a full disk or a vanished folder: show it over the last good page, keep serving
            self.problems = [Problem(self.source.name, 0, 0, f"cannot write the preview: {error.strerror or error}"
                                     f"{f' ({error.filename})' if error.filename else ''}")]
        if had_problems or self.problems:  # the overlay comes or goes (or changes) on every page
            self.changed = None
        self.versions.changed(self.changed)
        return not self.problems

    def finished(self) -> frozenset[str]:
        """Do the work the last rebuild left for after the reload; return the output files it changed."""
        changed = self.finish() if self.finish is not None else frozenset()
        if changed:
            self.versions.changed(changed)
        return changed

    def overlay(self, over_site: bool = True) -> str:
        """Return the HTML overlay listing every problem with the offending source lines.

        `over_site` is False when there is no good build to show underneath (the first build failed).
        """
        items = []
        for problem in self.problems:
            items.append(f'<li><span class="where">{html.escape(problem.path)}:{problem.line}:{problem.column}</span> '
                         f'{html.escape((problem.field + ": ") if problem.field else "")}{html.escape(problem.message)}'
                         f'{html.escape(chr(10) + "hint: " + problem.hint) if problem.hint else ""}'
                         f'{self._excerpt(problem)}</li>')
        count = len(self.problems)
        problems = f'{count} problem{"s" if count != 1 else ""}'
        heading = (f"The last edit broke the build: {problems}. Showing the last good site underneath." if over_site
                   else f"The site could not be built: {problems}. Fix them and this page reloads with the site.")
        return (f'<div class="atlas-overlay" role="alertdialog" aria-labelledby="atlas-overlay-title">'
                f'<h2 id="atlas-overlay-title">{heading}</h2><ol>{"".join(items)}</ol></div>')

    def _excerpt(self, problem: Problem) -> str:
        path = self.source.parent / problem.path
        if not problem.line or not path.is_file():
            return ""
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        first = max(problem.line - 2, 1)
        shown = []
        for number in range(first, min(problem.line + 1, len(lines)) + 1):
            text = html.escape(f"{number:>5} | {lines[number - 1]}")
            shown.append(f'<span class="mark">{text}</span>' if number == problem.line else text)
        return "<pre>" + "\n".join(shown) + "</pre>"


def make_app(site: Path, base_path: str | Callable[[], str], preview: Preview):
    """Return a WSGI app serving `site` under `base_path`, with the overlay injected after a failed build.

    `base_path` may be a callable, asked on each request: site.yaml may change it between builds.
    Until a build has succeeded, every path answers with the problems (there is no page to show).
    """
    root = site.resolve()
    base_of = base_path if callable(base_path) else lambda: base_path

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        base_path = base_of()
        if path == ASSETS + "reload.js":
            return _respond(start_response, "200 OK", "text/javascript", RELOAD_JS)
        if path == ASSETS + "overlay.css":
            return _respond(start_response, "200 OK", "text/css", OVERLAY_CSS)
        if path.startswith(ASSETS):  # nothing else lives here: no other path may answer with an asset
            return _not_found(start_response, root, preview)
        if preview.problems and not (root / "index.html").is_file():  # no good build yet: only the problems
            return _respond(start_response, "500 Internal Server Error", "text/html",
                            _inject(NO_SITE, preview, "", False))
        if not path.startswith(base_path):
            if path in ("/", ""):
                start_response("302 Found", [("Location", base_path)])
                return [b""]
            return _not_found(start_response, root, preview)
        target = _resolve(root, path[len(base_path):])
        if target is None:
            return _not_found(start_response, root, preview)
        body = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            relative = target.relative_to(root).as_posix()
            body = _inject(body, preview, relative)
            preview.served.set()
            if relative in preview.shown:
                preview.shown.remove(relative)
            preview.shown.append(relative)
        return _respond(start_response, "200 OK", kind, body)

    return app


def _resolve(root: Path, relative: str) -> Path | None:
    """Return the file for a request path inside `root`, or None (refusing '..', NUL and links out)."""
    relative = unquote(relative)
    if "\x00" in relative or "\\" in relative:
        return None
    clean = posixpath.normpath("/" + relative).lstrip("/")
    if ".." in clean.split("/"):
        return None
    target = (root / clean) if clean not in ("", ".") else root
    if target.is_dir():
        target = target / "index.html"
    try:
        target.resolve().relative_to(root)
    except ValueError:
        return None
    return target if target.is_file() else None


def _inject(body: bytes, preview: Preview, page: str, over_site: bool = True) -> bytes:
    """Add the reload script to a page served (`page`: its output path), and the overlay after a failed build."""
    overlay = f'<link rel="stylesheet" href="{ASSETS}overlay.css">' if preview.problems else ""
    script = f'<script src="{ASSETS}reload.js" {preview.versions.attributes(page)} async></script>'
    body = body.replace(b"</head>", f"{overlay}{script}</head>".encode(), 1)
    if preview.problems:
        body = body.replace(b"</body>", preview.overlay(over_site).encode("utf-8") + b"</body>", 1)
    return body


def _respond(start_response, status: str, kind: str, body: bytes):
    start_response(status, [("Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind),
                            ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]


def _not_found(start_response, root: Path, preview: Preview):
    page = root / "404.html"
    fallback = b"<!doctype html><html><head><title>Not found</title></head><body><p>Not found.</p></body></html>"
    body = _inject(page.read_bytes() if page.is_file() else fallback, preview, "404.html")
    return _respond(start_response, "404 Not Found", "text/html", body)


def run(preview: Preview, site: Path, base_path: str | Callable[[], str], watch: list[Path], host: str,
        port: int) -> None:
    """Serve until interrupted, rebuilding (debounced) when a watched folder changes."""
    # Imported here: livereload pulls in tornado, which `build` and `check` never need. livereload serves the
    # site and runs the watcher; the reloads go over our own channel (reloads.py), not livereload.js.
    from livereload import Server
    from livereload.watcher import Watcher
    from tornado.ioloop import IOLoop, PeriodicCallback

    changes = Changes(watch)
    notified = changes.start()
    tabs = reloads.Tabs(preview.versions, site)

    class _Watcher(Watcher):
        def start(self, callback):  # every 20 ms (150 ms when walking the folders), not livereload's 800 ms
            PeriodicCallback(callback, NOTIFIED_MS if notified else POLL_MS).start()
            return True

        def is_changed(self, path, ignore=None):
            if not notified:
                return super().is_changed(path, ignore)
            if changes.take(path):
                self.filepath = path
                return True
            return False

    class _Server(Server):
        def get_web_handlers(self, script):  # the site, with our reload script in its pages (it satisfies the CSP)
            return [(reloads.CHANNEL, reloads.socket_handler(tabs)), *super().get_web_handlers(b"")]

    def refresh() -> None:
        preview.refresh(changes.take_paths())
        told = reloads.reload(tabs, preview.changed)
        if preview.finish is not None and not preview.problems:  # after this reload, render the rest, reload again
            preview.served.clear()
            threading.Thread(target=_finish, args=(IOLoop.current(), told > 0), daemon=True).start()

    def _finish(loop, reloading: bool) -> None:
        # Rendering holds Python's lock for long stretches, which would slow the server sending the
        # reloaded page: first let the browser have it (or give up waiting after a second).
        if reloading and preview.served.wait(FINISH_WAIT_S):
            time.sleep(FINISH_AFTER_S)  # and its stylesheets and scripts
        changed = preview.finished()
        if changed:
            loop.add_callback(reloads.reload, tabs, changed)

    server = _Server(app=make_app(site, base_path, preview), watcher=_Watcher())
    for folder in changes.folders:
        server.watch(folder, refresh)
    try:
        server.serve(host=host, port=port, debug=False, restart_delay=0)
    finally:
        changes.stop()
