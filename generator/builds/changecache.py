"""The change log kept between builds, read back when what it is made from did not change.

The change log (compare/changes.py: every change of a cell's value on every date, past and
scheduled, with its causes) is made from the policies, the jurisdictions and the dimensions alone,
not from the briefs, the templates or the as-of date. Working it out takes 0.7-1 s for 2,000
policies; reading it back takes a sixth of that. So a full build whose policies, jurisdictions,
dimensions and settings are those of the last one reads the log the last full build left, unless it
renders "if enacted" pages (full.WHAT_IF_PAGES: working the log out readies what they need, for the
forked workers to share); so does a `build` after an edit of briefs alone (edited.py). In practice:
a brief added or removed, a template edited that those pages do not use.

The file, `changes.pickle` in the record folder (inputs.folder_for), is written by state.Writer's
forked process, only when the log it holds is not already the one this build used. It starts
with one line of JSON: the file format, the generator's hash, the Python version, the hash of
what the log was made from (`made_from`), and the pickle's length and CRC-32; a file that does not
match any of them, or does not unpickle, is not used: the log is worked out again.

It holds the log twice, each pickled apart (pickles.save_parts): whole (`read`), and a jurisdiction's or a
policy's changes at a time (`read_slices`), each of those pickled apart again. A summary edit's jurisdiction page
needs 1/200 of the log: unpickling it whole took 0.07 s at 10,000 briefs, on the thread that renders while
Pagefind indexes; the slices 0.015 s. Either part is unpickled without the other (the CRC-32 covers both): in a
fresh process at 10,000 briefs the whole log in 0.09-0.15 s instead of 0.17-0.27 s, the slices in 0.019-0.027 s
instead of 0.025-0.032 s, against the log kept as its pickle's bytes beside the slices in one pickle (both copied,
then unpickled again).
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from generator.builds import pickles
from generator.hashing import digest, generator_digest

FILE = "changes.pickle"
_FORMAT = 3
_WHOLE, _SLICES = 0, 1  # the file's parts (pickles.save_parts)
# The dependency keys (incremental.record_digests) of what the log is made from. Not the as-of date (the log holds
# every date), not the briefs; the settings (site.yaml) and the drafts flag (through the policies shown) are in.
_MADE_FROM = ("site", "dimensions", "all:j", "all:p")


def made_from(digests: dict[str, str], drafts: bool) -> str:
    """Return the hash of what a change log is made from, given the build's digests by dependency key."""
    return digest("\n".join([generator_digest(), f"drafts={drafts}", *(f"{key}={digests.get(key, '')}"
                                                                         for key in _MADE_FROM)]))


def read(folder: Path, made: str):
    """Return the change log kept in `folder` if it was made from `made` (made_from()) by this generator, else None."""
    return _kept(folder, made, _WHOLE)


def read_slices(folder: Path, made: str) -> Slices | None:
    """Return the kept log's changes by jurisdiction and by policy (Slices), if made from `made`; else None."""
    pickled = _kept(folder, made, _SLICES)
    return Slices(pickled) if isinstance(pickled, dict) else None


class Slices:
    """The kept log a jurisdiction's ("j") or a policy's ("p") changes at a time, each unpickled when asked for."""

    def __init__(self, pickled: dict[tuple[str, str], bytes]):
        self._pickled = pickled

    def get(self, kind: str, key: str) -> tuple:
        """Return the changes of one jurisdiction or policy, oldest first, as the whole log's index holds them."""
        data = self._pickled.get((kind, key))
        return pickle.loads(data) if data is not None else ()


def _kept(folder: Path, made: str, part: int):
    return pickles.load(folder / FILE, lambda first: pickles.says(first, _header(made)), part)


def kept(folder: Path, made: str) -> bool:
    """Return whether `folder` already holds the change log made from `made` (by its header: no need to read it)."""
    first = pickles.header_of(folder / FILE)
    return first is not None and pickles.says(first, _header(made))


def write(path: Path, made: str, log) -> None:
    """Write `log`, made from `made`, into the file `path` (state.Writer then renames it to FILE)."""
    slices = {(kind, key): bytes(pickles.pickled(tuple(changes)))
              for kind, index in (("j", getattr(log, "by_jurisdiction", {})), ("p", getattr(log, "by_policy", {})))
              for key, changes in index.items()}
    pickles.save_parts(path, _header(made), [log, slices])  # in the order of _WHOLE and _SLICES


def adopt(renderer, folder: Path, digests: dict[str, str], when_asked: bool = False) -> None:
    """Give `renderer` the change log kept in `folder`, if made from what `digests` say (the build's or the state's),
    instead of letting it work the log out. `when_asked`: read it only when a page first asks for it, in this
    process (not before workers fork, which would each read it)."""
    made = made_from(digests, renderer.atlas.drafts_shown)
    if when_asked:
        renderer.contexts.change_pages.log.adopt_when_asked(lambda: read(folder, made),
                                                            lambda: read_slices(folder, made))
        return
    log = read(folder, made)
    if log is not None:
        renderer.contexts.change_pages.log.adopt(log)


def _header(made: str) -> dict:
    return {"format": _FORMAT, "generator": generator_digest(), "python": sys.version, "made_from": made}
