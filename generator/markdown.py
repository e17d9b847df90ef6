"""Markdown for briefs: CommonMark plus tables, footnotes, heading anchors and [[id]] links."""

from __future__ import annotations

import re
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generator.load import WIKILINK

# A resolver takes a record id and returns (href, default text), or None when the id is unknown.
Resolver = Callable[[str], "tuple[str, str] | None"]
_WIKI_AT_START = re.compile(WIKILINK.pattern)


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _WIKI_AT_START.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.meta = {"target": match.group(1).strip(), "text": (match.group(2) or "").strip()}
    state.pos = match.end()
    return True


def _render_wikilink(self, tokens, index, options, env) -> str:
    meta = tokens[index].meta
    resolved = env["resolve"](meta["target"])
    text = escapeHtml(meta["text"]) if meta["text"] else None
    if resolved is None:  # references.py reports these; render as text so nothing breaks
        return text or escapeHtml(meta["target"])
    href, title = resolved
    return f'<a class="record-link" href="{escapeHtml(href)}">{text or escapeHtml(title)}</a>'


def make_renderer() -> MarkdownIt:
    """Return a Markdown renderer: raw HTML is escaped, links are checked, headings get anchors."""
    md = (MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
          .enable("table").enable("strikethrough")
          .use(footnote_plugin)
          .use(anchors_plugin, min_level=2, max_level=4, permalink=True, permalinkSymbol="#",
               permalinkSpace=True))
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.add_render_rule("wikilink", _render_wikilink)
    md.validateLink = _allowed_link
    return md


def _allowed_link(url: str) -> bool:
    """Allow only http(s), mailto and relative links (no javascript:, data:, vbscript:)."""
    scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


def render_markdown(md: MarkdownIt, text: str, resolve: Resolver) -> str:
    """Return the HTML for a Markdown body, resolving [[id]] links with `resolve`."""
    return md.render(text, {"resolve": resolve})
