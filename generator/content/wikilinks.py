"""[[id]] links in Markdown: where they are, outside code blocks and code spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+))?\]\]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


@dataclass(frozen=True)
class WikiLink:
    """An [[id]] link in a brief's text, and where it is in the file."""

    target: str
    line: int
    column: int


def code_free_segments(body: str):
    """Yield (is_text, segment) pieces that make up `body`; code blocks and code spans are not text."""
    fence = ""
    for line in body.splitlines(keepends=True):
        opener = _FENCE.match(line)
        if opener:
            marker = opener.group(1)
            if not fence:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = ""
            yield False, line
        elif fence or ("`" not in line):
            yield not fence, line
        else:
            position = 0
            for span in _CODE_SPAN.finditer(line):
                yield True, line[position:span.start()]
                yield False, span.group(0)
                position = span.end()
            yield True, line[position:]


def find_links(body: str, first_line: int) -> tuple[WikiLink, ...]:
    """Return the [[id]] links in Markdown outside code, with their line and column in the file."""
    if "[[" not in body:
        return ()
    links = []
    line, column = first_line, 1
    for is_text, segment in code_free_segments(body):
        if is_text and "[[" in segment:
            for match in WIKILINK.finditer(segment):
                links.append(WikiLink(match.group(1).strip(), line, column + match.start()))
        if segment.endswith("\n"):
            line, column = line + 1, 1
        else:
            column += len(segment)
    return tuple(links)
