"""The build manifest kept in the output folder: each file's fingerprint, content hash and size.

A text file, one line per output file: its path, fingerprint, content hash, size and, for a page the
search indexes, the hash of what Pagefind reads of it (search.searched_digest; left out by a build without
the index), tab-separated,
and for a brief's page where the brief's text lies in it; a first line names the format. Reading and
writing 12,000 lines this way takes a third of the time JSON took, which matters to a quick rebuild.
Output paths hold only letters, digits, '.', '_', '-' and '/' (urls.safe_output), never a tab or a
line break; a manifest that does not read as expected is ignored, and the next build is a full one.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import NamedTuple

from generator.hashing import digest

MANIFEST = ".policy-atlas-manifest.tsv"
_HEADER = "policy-atlas-manifest 5"
_SIZE = re.compile(rb"^([^\t\n]+)\t[^\t\n]*\t[^\t\n]*\t(\d+)\t", re.MULTILINE)  # a line's path and size


class Entry(NamedTuple):
    fingerprint: str
    content: str  # digest of the file's bytes
    size: int
    body: tuple[int, int] | None = None  # where a brief's text lies in the bytes (see quick.py)
    indexed: str | None = None  # digest of what Pagefind reads of the page (search.searched_digest); None: not
    # indexed, read whole, or built without the index

    @property
    def searched(self) -> str:
        """Return the digest of what the search indexes of the file: a shard whose pages' are all unchanged is kept."""
        return self.indexed or self.content


def with_text(fingerprint_: str, text_digest: str) -> str:
    """Return a brief page's fingerprint: that of everything else it shows, and the hash of its text."""
    return digest(f"{fingerprint_}\n{text_digest}")


def read_manifest(out: Path) -> dict[str, Entry]:
    """Return the previous build's manifest, or an empty one if it is missing or damaged."""
    try:
        return parse_manifest((out / MANIFEST).read_bytes())
    except OSError:
        return {}


def parse_manifest(raw: bytes) -> dict[str, Entry]:
    """Return the entries of a manifest, or none if it is damaged or of another format."""
    try:
        header, *lines = raw.decode("utf-8").split("\n")
        if header != _HEADER or lines[-1] != "":
            return {}
        entries = {}
        made = tuple.__new__  # Entry's fields in order, without its __new__ in Python: 27,000 lines at 10,000 briefs
        for line in lines[:-1]:  # in 0.05 s instead of 0.07 s, with the fields taken by index, not unpacked
            fields = line.split("\t")  # path, fingerprint, content, size, indexed, and a brief's body: start, end
            if len(fields) == 5:
                entries[fields[0]] = made(Entry, (fields[1], fields[2], int(fields[3]), None, fields[4] or None))
            elif len(fields) == 7:
                entries[fields[0]] = made(Entry, (fields[1], fields[2], int(fields[3]),
                                                  (int(fields[5]), int(fields[6])), fields[4] or None))
            else:
                return {}
        return entries
    except (ValueError, IndexError):
        return {}


def manifest_sizes(raw: bytes) -> dict[str, int]:
    """Return each file's size by path, or none if the manifest is of another format; in half the time
    parse_manifest takes (what a build that finds nothing changed needs: 27,000 lines for 10,000 briefs)."""
    if not raw.startswith(_HEADER.encode("ascii") + b"\n"):
        return {}
    try:
        return {path.decode("utf-8"): int(size) for path, size in _SIZE.findall(raw, len(_HEADER) + 1)}
    except UnicodeDecodeError:
        return {}


def manifest_bytes(entries: dict[str, Entry]) -> bytes:
    """Return the manifest to store with the new output."""
    lines = [_HEADER] + [_line(path, entry) for path, entry in sorted(entries.items())]
    return ("\n".join(lines) + "\n").encode("utf-8")


def manifest_around(entries: dict[str, Entry], folder: str) -> tuple[bytes, bytes]:
    """Return the manifest of `entries`, none of them under `folder`, as what comes before and after the entries
    under it: `before + manifest_lines(under) + after` is `manifest_bytes({**entries, **under})` (paths sort
    by character, so those under `folder` lie together). A build makes these while the search indexes."""
    paths = sorted(entries)
    cut = bisect.bisect_left(paths, folder)
    before = "\n".join([_HEADER, *(_line(path, entries[path]) for path in paths[:cut])]) + "\n"
    return before.encode("utf-8"), manifest_lines({path: entries[path] for path in paths[cut:]})


def spliced_around(raw: bytes, changed: dict[str, Entry], folder: str) -> tuple[bytes, bytes] | None:
    """Return what manifest_around returns for the entries of the manifest `raw`, those of `changed` (files already
    in it, none under `folder`) replaced: made from `raw` itself, its other lines kept as they are rather than
    written again (15,000 of them at 10,000 briefs: 0.02 s of an edit). None if `raw` has no entry under `folder`
    or lacks a file of `changed` (manifest_around then)."""
    try:
        raw = replace_entries(raw, changed)
    except ValueError:
        return None
    needle = b"\n" + folder.encode("utf-8")  # paths sort by character: those under `folder` lie together
    first, last = raw.find(needle), raw.rfind(needle)
    if first < 0:
        return None
    return raw[:first + 1], raw[raw.index(b"\n", last + 1) + 1:]


def manifest_lines(entries: dict[str, Entry]) -> bytes:
    """Return the lines of `entries` in a manifest, in order (see manifest_around)."""
    return "".join(_line(path, entry) + "\n" for path, entry in sorted(entries.items())).encode("utf-8")


def replace_entries(raw: bytes, changed: dict[str, Entry]) -> bytes:
    """Return the manifest `raw` with the entries of files already in it replaced (the rest left as they are).
    Raises ValueError if a file of `changed` is not in it. The new manifest is joined once from `raw`'s pieces, not
    copied whole for each file (4 MB at 10,000 briefs)."""
    places = []
    for path, entry in changed.items():
        start = raw.index(f"\n{path}\t".encode("utf-8")) + 1
        places.append((start, raw.index(b"\n", start), _line(path, entry).encode("utf-8")))
    view, parts, at = memoryview(raw), [], 0
    for start, end, line in sorted(places):
        parts += (view[at:start], line)
        at = end
    parts.append(view[at:])
    return b"".join(parts)


def _line(path: str, entry: Entry) -> str:
    line = f"{path}\t{entry.fingerprint}\t{entry.content}\t{entry.size}\t{entry.indexed or ''}"
    return f"{line}\t{entry.body[0]}\t{entry.body[1]}" if entry.body else line
