"""Markdown for briefs: CommonMark plus tables, footnotes, heading anchors and [[id]] links.

Rendered by markdown-it-pyrs, the Rust port of markdown-it: 20 times faster than markdown-it-py
on the briefs (0.06 ms against 1.2 ms each), which made Markdown half of a cold build. Its 0.x
parser panics on some hostile input (the hostile suite found one); such a document is rendered by
markdown-it-py instead, configured the same way, so a brief never breaks the build. Raw HTML is
not enabled, so it shows as text; [[id]] links are turned into ordinary links before parsing
(outside code, as load.find_links reads them); links and images may only use http(s), mailto or
relative addresses.
"""

from __future__ import annotations

import html
import os
import re
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable

import markdown_it_pyrs

from generator.content.wikilinks import WIKILINK, text_runs

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# A resolver takes a record id and returns (href, default text), or None when the id is unknown.
Resolver = Callable[[str], "tuple[str, str] | None"]

RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
         "autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline",
         "strikethrough", "table", "footnote", "heading_anchors"]  # no html_block, html_inline
# markdown-it-pyrs' heading anchor; the icon is matched up to its first </svg> without a lazy .*?,
# which tried every one of its thousand characters in turn.
_ANCHOR = re.compile(r'<h([1-6])><a aria-hidden="true" class="anchor" id="([^"]*)" href="#[^"]*">'
                     r'<svg\b[^<]*(?:<(?!/svg>)[^<]*)*</svg></a>(.*?)</h\1>', re.S)
_FALLBACK_ANCHOR = re.compile(r'<h([1-6]) id="([^"]*)">(.*?) <a class="header-anchor" href="#[^"]*">#</a></h\1>',
                              re.S)
ANCHOR_LABEL = "Link to this section"  # the templates' catalog translates it (pages.py: N_)
_PLAINLY_ALLOWED = ("/", "#", "http://", "https://", "mailto:")
_URL_ATTRIBUTE = re.compile(r'\s(href|src)="([^"]*)"')
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~-])")


@contextmanager
def _quiet_stderr():
    """Send file descriptor 2 to /dev/null for the duration (a few microseconds)."""
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


class Renderer:
    """The fast renderer, with markdown-it-py standing by for documents it cannot parse."""

    def __init__(self, anchor_label: str = ANCHOR_LABEL):
        """`anchor_label`: what a screen reader says for a heading's # link, in the page's language."""
        self.fast = markdown_it_pyrs.MarkdownIt("zero").enable_many(RULES)
        self._careful: MarkdownIt | None = None
        label = html.escape(anchor_label)
        self._heading_anchor = lambda match: _heading(match[1], match[2], match[3], label)

    def render(self, text: str) -> str:
        """Return HTML for Markdown `text`, with our heading anchors (links still to be checked by _clean)."""
        try:
            with _quiet_stderr():  # Rust prints a panic's backtrace straight to file descriptor 2
                rendered = self.fast.render(text)
        except BaseException as error:  # a Rust panic arrives as pyo3's PanicException (a BaseException)
            if isinstance(error, (KeyboardInterrupt, SystemExit, MemoryError)):
                raise
        else:
            return _ANCHOR.sub(self._heading_anchor, rendered)
        if self._careful is None:  # imported here: a quick rebuild has no time to spare for a fallback it rarely needs
            from markdown_it import MarkdownIt
            from mdit_py_plugins.anchors import anchors_plugin
            from mdit_py_plugins.footnote import footnote_plugin

            self._careful = (MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
                             .enable("table").enable("strikethrough").use(footnote_plugin)
                             .use(anchors_plugin, min_level=1, max_level=6, permalink=True,
                                  permalinkSymbol="#", permalinkSpace=True))
        return _FALLBACK_ANCHOR.sub(self._heading_anchor, self._careful.render(text))


def make_renderer(anchor_label: str = ANCHOR_LABEL) -> Renderer:
    """Return the Markdown renderer (raw HTML off); `anchor_label` as Renderer takes it."""
    return Renderer(anchor_label)


def _allowed_link(url: str) -> bool:
    """Allow only http(s), mailto and relative links (no javascript:, data:, vbscript:)."""
    if url.startswith(_PLAINLY_ALLOWED) and "&" not in url:  # most links: nothing to unescape or strip
        return True
    plain = re.sub(r"[\x00-\x20]", "", html.unescape(url))
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", plain)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


def _link_text(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _replace_wikilinks(body: str, resolve: Resolver) -> str:
    def link(match: re.Match) -> str:
        target, text = match.group(1).strip(), (match.group(2) or "").strip()
        resolved = resolve(target)
        if resolved is None:  # references.py reports these; show the text so nothing breaks
            return _link_text(text or target)
        href, title = resolved
        return f"[{_link_text(text or title)}](<{href}>)"

    return "".join(WIKILINK.sub(link, piece) if is_text and "[[" in piece else piece
                   for is_text, piece in text_runs(body))


def _heading(level: str, anchor: str, inner: str, label: str) -> str:
    """Return a heading (matched by _ANCHOR or _FALLBACK_ANCHOR) with our own anchor link."""
    return (f'<h{level} id="{anchor}">{inner} <a class="header-anchor" href="#{anchor}" data-pagefind-ignore>'
            f'<span class="visually-hidden">{label}</span>#</a></h{level}>')


def _clean(rendered: str) -> str:
    return _URL_ATTRIBUTE.sub(lambda m: m[0] if _allowed_link(m[2]) else "", rendered)


def render_markdown(md: Renderer, text: str, resolve: Resolver) -> str:
    """Return the HTML for a Markdown body, resolving [[id]] links with `resolve`."""
    if "[[" in text:
        text = _replace_wikilinks(text, resolve)
    return _clean(md.render(text))


def only_place(data: bytes, part: bytes) -> tuple[int, int] | None:
    """Return where `part` lies in `data` if it occurs there exactly once (a brief page's body, which the manifest records), else None."""
    start = data.find(part) if part else -1
    if start < 0 or data.find(part, start + 1) >= 0:
        return None
    return start, start + len(part)
