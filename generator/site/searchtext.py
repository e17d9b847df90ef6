"""What Pagefind reads of a page, hashed: a shard whose pages all hash the same is not indexed again.

Pagefind (search.py runs it with `--root-selector main --exclude-selectors "#cite, #cite *"`) reads
the page's <main> element; outside it only the <html> element (its language) and the script and
stylesheet links (to warn of old set-ups). Within <main> it leaves out the content of elements marked
data-pagefind-ignore and the citation block (#cite). So a page can change without its search text
changing: the footer's "data as of" and the citation's dates on the first build of a day, a list of
briefs (ignored) on a policy's page when a brief's summary is edited. `indexed_digest` hashes what is
left: the main element less those parts, and the tags read outside it. It was checked against
Pagefind's parser (fossick/parser.rs), and tests/site/test_search_digest.py indexes pages that differ
only where the hash is blind and requires byte-identical indexes from the installed Pagefind.

Pagefind still reads some things inside ignored and excluded elements: filters, metadata, sort keys
and attributes to index (data-pagefind-*), the first h1 (the result's title) and the first image
after it, scripts and links; it numbers every element with an id as an anchor, even in an ignored
element (not in #cite, whose descendants it ignores outright, so their ids are kept in the hash
instead). Raw text (scripts, comments) could hide tags from a scan. An element holding any of these
is left whole; anything unexpected (no single <main>, an element without its end tag) falls back to
more of the page, never less.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

_ATTRIBUTES = rb"""((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*/?>"""
_OPENING = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)" + _ATTRIBUTES)  # a whole opening tag: quoted values may hold '>'
_ATTRIBUTE = re.compile(rb"""\s+([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_READ_OUTSIDE_MAIN = re.compile(rb"<(?:html|script|link)\b" + _ATTRIBUTES, re.IGNORECASE)
# Tags read even in an ignored or excluded element (beside data-pagefind-* attributes); each alternative starts
# with '<', so a search skips from one '<' to the next.
_READ_TAGS = re.compile(rb"<(?:!--|!\[|(?:h1|title|img|script|style|link|template|noscript|iframe|svg|math|html|body"
                        rb"|main|xmp|plaintext)\b)", re.IGNORECASE)
_ID = re.compile(rb"\sid\s*=", re.IGNORECASE)
_TEXTAREA = re.compile(rb"<textarea\b" + _ATTRIBUTES, re.IGNORECASE)  # its text is raw: escaped, it holds no '<'
_VOID = frozenset(b"area base br col embed hr img input link meta source track wbr".split())
IGNORE = b"data-pagefind-ignore"
EXCLUDED_IDS = frozenset({b"cite"})  # elements Pagefind is told to leave out with all they hold (search.EXCLUDED)


def indexed_digest(data: bytes, excluded_ids: frozenset[bytes] = EXCLUDED_IDS) -> str | None:
    """Return the hash of what Pagefind indexes of a page, or None when that is all of it (no <main>, nothing left out)."""
    main = _main(data)
    start, end = main or (0, len(data))
    cuts = sorted(_ignored(data, start, end) + _excluded(data, start, end, excluded_ids))
    if main is None and not cuts:
        return None
    pieces = [b"".join(m.group(0) for m in _READ_OUTSIDE_MAIN.finditer(data, 0, start)),
              b"".join(m.group(0) for m in _READ_OUTSIDE_MAIN.finditer(data, end)) if main else b"", b"\0"]
    at = start
    for cut_start, cut_end, instead in cuts:
        if cut_start < at:
            continue  # within an element already cut
        pieces += [data[at:cut_start], instead]
        at = cut_end
    pieces.append(data[at:end])
    return hashlib.blake2b(b"".join(pieces), digest_size=16).hexdigest()


def _main(data: bytes) -> tuple[int, int] | None:
    """Return where the page's one <main> element starts and ends, or None if it has none or more than one.

    (Counted as bytes, not scanned tag by tag: every page of a build passes here. A page that writes <MAIN>
    finds none, and is read whole.)"""
    if data.count(b"<main") != 1 or data.count(b"</main") != 1:
        return None
    first, close = data.find(b"<main"), data.find(b"</main")
    opening = _OPENING.match(data, first)
    after = data.find(b">", close)
    if opening is None or opening.group(1) != b"main" or close < opening.end() or after < 0 or \
            data[close + 6:after].strip():
        return None
    return first, after + 1


def _ignored(data: bytes, start: int, end: int) -> list[tuple[int, int, bytes]]:
    """Return (start, end, b"") for the content of each data-pagefind-ignore element that holds nothing Pagefind reads."""
    cuts, at = [], start
    while (at := data.find(IGNORE, at, end)) >= 0:
        opening = _opening_around(data, at, start)
        at += 1
        if opening is None or not any(name.lower() == IGNORE for name, _ in _ATTRIBUTE.findall(opening.group(2))):
            continue
        close = _closing(data, opening.group(1).lower(), opening.end())
        if close is None or close > end or not _plain(data, opening.end(), close, anchors=False):
            continue
        cuts.append((opening.end(), close, b""))
        at = close
    return cuts


def _excluded(data: bytes, start: int, end: int, ids: frozenset[bytes]) -> list[tuple[int, int, bytes]]:
    """Return (start, end, what stands for it) for each element excluded by its id with all it holds: it is
    replaced by its name and id and the names and ids of the elements in it (Pagefind numbers them as anchors)."""
    cuts = []
    for ident in ids:
        for quoted in (b'"' + ident + b'"', b"'" + ident + b"'"):
            at = start
            while (at := data.find(b"id=" + quoted, at, end)) >= 0:
                opening = _opening_around(data, at, start)
                at += 1
                if opening is None or (b"id", quoted) not in {(n.lower(), v) for n, v in _ATTRIBUTE.findall(opening.group(2))}:
                    continue
                name = opening.group(1).lower()
                close = _closing(data, name, opening.end())
                if (close is None or close > end or b"data-pagefind-" in opening.group(2)
                        or not _plain(data, opening.end(), close, anchors=True)):
                    continue
                after = data.find(b">", close, end)
                anchors = _anchors(data, opening.end(), close)
                if after < 0 or anchors is None:
                    continue
                instead = b" ".join([name, ident, *anchors])
                cuts.append((opening.start(), after + 1, b"<" + instead + b">"))
    return cuts


def _plain(data: bytes, start: int, end: int, anchors: bool) -> bool:
    """Return whether data[start:end] holds nothing Pagefind reads in an ignored element (with `anchors`, in an
    excluded one: ids allowed, they are hashed) and no text area with a '<' in its text (which could be a tag's
    likeness: the text is raw, so a scan for the element's end tag would be misled)."""
    if data.find(b"data-pagefind-", start, end) >= 0 or _READ_TAGS.search(data, start, end):
        return False
    if not anchors and _ID.search(data, start, end):
        return False
    for area in _TEXTAREA.finditer(data, start, end):
        if not data.startswith(b"</textarea", data.find(b"<", area.end(), end)):
            return False
    return True


def _anchors(data: bytes, start: int, end: int) -> list[bytes] | None:
    """Return "name#id" for each element with an id in data[start:end], or None if an id is not in a tag as expected."""
    found, at = [], start
    for match in _ID.finditer(data, start, end):
        if match.start() < at:
            continue
        opening = _opening_around(data, match.start() + 1, start)
        if opening is None:
            return None
        values = [value for name, value in _ATTRIBUTE.findall(opening.group(2)) if name.lower() == b"id"]
        if not values:
            return None
        found += [opening.group(1).lower() + b"#" + value for value in values]
        at = opening.end()
    return found


def _opening_around(data: bytes, at: int, start: int) -> re.Match | None:
    """Return the opening tag that holds position `at` (an attribute's text), or None."""
    tag_start = data.rfind(b"<", start, at)
    opening = _OPENING.match(data, tag_start) if tag_start >= 0 else None
    return opening if opening is not None and opening.end() > at else None


def _closing(data: bytes, name: bytes, start: int) -> int | None:
    """Return where the end tag of the element named `name` opened just before `start` begins; None if not found."""
    if name in _VOID:
        return None
    depth = 1
    for tag in _tags(name).finditer(data, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.start()
    return None


@lru_cache(maxsize=32)
def _tags(name: bytes) -> re.Pattern:
    return re.compile(rb"<(/?)" + re.escape(name) + rb"(?=[\s/>])", re.IGNORECASE)
