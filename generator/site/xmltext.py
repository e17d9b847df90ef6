"""Text in XML (the Atom feeds, the sitemap), escaped exactly as xml.sax.saxutils does, without importing it.

xml.sax.saxutils imports urllib.request, and with it http.client, email and ssl: 10 ms of a build that renders
a dozen pages, for two functions of a few lines.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """Escape &, < and > (xml.sax.saxutils.escape)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """Escape an attribute's value and put it in quotes (xml.sax.saxutils.quoteattr): double ones, or single ones
    when the value holds a double quote and no single one."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'
