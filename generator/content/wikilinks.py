"""[[id]] links in Markdown: where they are, outside code blocks and code spans."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

# [[id]] or [[id|text]]; the text may run on to the next line, as a Markdown link's may, but not past a blank line,
# nor beyond 500 characters (so a text full of unclosed "[[id|" costs a bounded scan for each)
WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|((?:[^\[\]\n]|\n(?![ \t]*\n)){1,500}))?\]\]")
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


def text_runs(body: str):
    """Yield (is_text, piece) as code_free_segments does, but with the text between two pieces of code in one
    piece (a link's text may run on to the next line)."""
    run: list[str] = []
    for is_text, segment in code_free_segments(body):
        if is_text:
            run.append(segment)
            continue
        if run:
            yield True, "".join(run)
            run = []
        yield False, segment
    if run:
        yield True, "".join(run)


def find_links(body: str, first_line: int) -> tuple[WikiLink, ...]:
    """Return the [[id]] links in Markdown outside code, with their line and column in the file."""
    if "[[" not in body:
        return ()
    links = []
    line, column = first_line, 1
    for is_text, piece in text_runs(body):
        if is_text and "[[" in piece:
            for match in WIKILINK.finditer(piece):
                before = piece.count("\n", 0, match.start())
                start = match.start() - piece.rfind("\n", 0, match.start()) if before else column + match.start()
                links.append(WikiLink(sys.intern(match.group(1).strip()), line + before, start))  # one per target
        breaks = piece.count("\n")
        line, column = (line + breaks, len(piece) - piece.rfind("\n")) if breaks else (line, column + len(piece))
    return tuple(links)
