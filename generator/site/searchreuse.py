"""A search shard indexed again starts from its previous files: Pagefind writes only what changed.

Pagefind names each page's fragment, each chunk of the word index, each filter and the index's metadata after
a hash of what they hold, and does not write such a file again when its output folder already has one of that
name (its "immutable" files; each is compressed at gzip's best level first). So before a shard is indexed
again, its previous files of those kinds are hard-linked into the new output folder (`seed`): after a
one-page edit of a 325-page shard Pagefind writes that page's fragment, the word index and the metadata, not
325 fragments, and the build moves in and deletes those few files instead of the whole shard's.

The files the new index no longer names (the edited page's old fragment, the old chunks of the word index)
are then removed (`prune`). Which files the index names is read from its metadata,
`pagefind.<hash>.pf_meta`, which `pagefind-entry.json` names: gzip, then `pagefind_dcd`, then CBOR. Any
text in it names a file of that hash; a metadata file that cannot be read, or a fragment count that is not
the index's page count, raises ValueError, and the shard is indexed again from nothing.

Pagefind's other files (its scripts, styles, WebAssembly and pagefind-entry.json) are written in place
whatever is there, so they are never linked: writing one would write into the previous output's file.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zlib
from pathlib import Path
from typing import Iterable

ENTRY = "pagefind-entry.json"
# The files Pagefind never writes twice: (folder, suffix); the metadata lies at the top, `pagefind.<hash>.pf_meta`.
NAMED = {"fragment": ".pf_fragment", "index": ".pf_index", "filter": ".pf_filter"}
_META = re.compile(r"pagefind\.(.+)\.pf_meta")
_PREFIX = b"pagefind_dcd"


def reusable(relative: str) -> bool:
    """Return whether Pagefind leaves a file at this path (relative to its output folder) as it finds it."""
    folder, _, name = relative.rpartition("/")
    if not folder:
        return bool(_META.fullmatch(name))
    return folder in NAMED and name.endswith(NAMED[folder]) and "/" not in folder


def seed(output: Path, files: Iterable[tuple[str, Path]]) -> dict[str, int]:
    """Hard-link each (relative path, previous file) that Pagefind would not write again into `output`; return
    the inode of each relative path linked (a file that cannot be linked is left for Pagefind to write), by which
    `linked` tells the files Pagefind left from those it wrote."""
    linked = {}
    made: set[Path] = set()
    for relative, source in files:
        if not reusable(relative):
            continue
        target = output / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        try:
            os.link(source, target)
            linked[relative] = target.stat().st_ino
        except OSError:
            continue
    return linked


def linked(output: Path, relative: str, seeded: dict[str, int]) -> bool:
    """Return whether the file at `relative` in `output` is still the previous file `seed` linked there."""
    if relative not in seeded:
        return False
    try:
        return (output / relative).stat().st_ino == seeded[relative]
    except OSError:
        return False


def prune(output: Path) -> list[str]:
    """Remove the files of the Pagefind bundle in `output` that its index does not name; return their relative
    paths. Raises ValueError if the index's metadata cannot be read."""
    named, pages = _named(output)
    removed = []
    fragments = 0
    for folder, suffix in NAMED.items():
        try:
            names = os.listdir(output / folder)
        except FileNotFoundError:
            continue
        for name in names:
            if name.endswith(suffix) and name[:-len(suffix)] not in named:
                (output / folder / name).unlink()
                removed.append(f"{folder}/{name}")
            elif folder == "fragment":
                fragments += 1
    for name in os.listdir(output):
        found = _META.fullmatch(name)
        if found and found.group(1) not in named:
            (output / name).unlink()
            removed.append(name)
    if fragments != pages:
        raise ValueError(f"{fragments} fragments for an index of {pages} pages")
    return sorted(removed)


def _named(output: Path) -> tuple[set[str], int]:
    """Return every text in the index's metadata files (the hashes of the files it names, and more) and its page
    count, from `pagefind-entry.json` and the metadata files it names."""
    try:
        entry = json.loads((output / ENTRY).read_text(encoding="utf-8"))
        languages = entry["languages"].values()
        hashes = [language["hash"] for language in languages]
        pages = sum(int(language["page_count"]) for language in languages)
        texts = set(hashes)
        for hash_ in hashes:
            data = gzip.decompress((output / f"pagefind.{hash_}.pf_meta").read_bytes())
            if not data.startswith(_PREFIX):
                raise ValueError("not a Pagefind metadata file")
            _texts(data, len(_PREFIX), texts)
    except (OSError, KeyError, TypeError, AttributeError, EOFError, zlib.error, gzip.BadGzipFile,
            UnicodeDecodeError, IndexError) as error:
        raise ValueError(f"the index's metadata could not be read: {error}") from error
    return texts, pages


def _texts(data: bytes, at: int, found: set[str]) -> int:
    """Add every text string of the CBOR item at `at` to `found`; return where the item ends."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        value = info
    elif info <= 27:
        size = 1 << (info - 24)
        if len(data) < at + size:
            raise IndexError("truncated")
        value = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise ValueError("a CBOR item of indefinite length")  # minicbor writes definite lengths
    if major in (0, 1, 7):  # integers; simple values and floats (their bytes were the value)
        return at
    if major in (2, 3):  # bytes, text
        if len(data) < at + value:
            raise IndexError("truncated")
        if major == 3:
            found.add(data[at:at + value].decode("utf-8"))
        return at + value
    if major == 6:  # a tag, then its item
        return _texts(data, at, found)
    for _ in range(value * 2 if major == 5 else value):  # an array's items, a map's keys and values
        at = _texts(data, at, found)
    return at
