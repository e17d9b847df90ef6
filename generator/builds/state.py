"""The state of the last full build, kept on disk, so the next `build` can redo an edit of briefs or policies.

`serve` keeps what its last full build loaded in memory and redoes an edit of a brief or a policy
without loading the site (live.py). A `build` is a new process each time, so a full build also
writes that state into its record folder (inputs.folder_for): the atlas, the comparison, the
planned pages, the translations, each page's dependency keys and the digests, and the state of
every content file when it was read. The next build (edited.py) reads it back instead of loading
the content.

The file is a pickle, written by this generator into its own cache folder, behind one line of JSON
that says what it is valid for: the file format, the generator's own hash, the Python version, the
build settings, the theme's hash, and the length and hash of the pickle. Anything that does not
match (another generator, another Python, other settings, a truncated or damaged file) means the
file is not unpickled at all; and unpickling that fails anyway means a full build, never a crash.
A full build deletes the file before it commits and writes a new one after, so the file always
belongs to the last full build into that output folder.

The pickle is written in a forked process while the parent indexes the search and commits, and put
in place only once the build has succeeded.
"""

from __future__ import annotations

import copyreg
import gc
import io
import json
import multiprocessing
import os
import pickle
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Callable

from generator.content.yamlload import Located
from generator.hashing import digest, generator_digest

FILE = "state.pickle"
_FORMAT = 1


@dataclass(frozen=True)
class State:
    """What a full build knew, as edited.py needs it."""

    atlas: object
    comparison: object
    pages: tuple
    texts: dict  # the translations, by language
    inputs: list  # each page's (identity, settings, dependency keys), in the order of `pages`
    digests: dict[str, str]  # by dependency key (incremental.record_digests)
    hashes: dict[str, str]  # the hash of each content file's text, by path relative to the content folder
    files: dict[str, str]  # the state of each content file (inputs.file_states) when it was read
    taken_ns: int  # when the content folder was scanned for `files`
    theme_folders: tuple[str, ...]
    theme: str  # inputs.theme_digest of the theme folders
    changes: object = None  # the change log (compare/changes.py), worked out from the policies alone


def header(settings: str, theme: str) -> dict:
    """Return what a state file must say it is valid for, but for its pickle's length and hash."""
    return {"format": _FORMAT, "generator": generator_digest(), "python": sys.version, "settings": settings,
            "theme": theme}


def discard(folder: Path) -> None:
    """Delete the state file: the output is about to change in a way it does not describe."""
    try:
        (folder / FILE).unlink()
    except OSError:
        pass


class Writer:
    """Pickles a State in a forked process while the build goes on; `keep()` puts the file in place."""

    def __init__(self, folder: Path, state: State, settings: str, changes: Callable[[], object]):
        """`changes` returns the change log; it is called in the forked process if the build has not asked for it."""
        self.folder, self._temporary = folder, folder / f".{FILE}.{os.getpid()}"
        self._process = None
        folder.mkdir(parents=True, exist_ok=True)
        if "fork" in multiprocessing.get_all_start_methods():
            self._process = multiprocessing.get_context("fork").Process(
                target=_write, args=(self._temporary, state, settings, changes), daemon=True)
            self._process.start()
        else:
            _write(self._temporary, state, settings, changes)

    def keep(self) -> None:
        """Wait for the pickle and put it in place, if it was written."""
        if self._process is not None:
            self._process.join()
            if self._process.exitcode != 0:
                return self.drop()
        try:
            os.replace(self._temporary, self.folder / FILE)
        except OSError:
            self.drop()

    def drop(self) -> None:
        """Stop the writing, if under way, and delete what it wrote."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
        try:
            self._temporary.unlink()
        except OSError:
            pass


def _write(path: Path, state: State, settings: str, changes: Callable[[], object]) -> None:
    state = replace(state, changes=changes())
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy, Located: _reduce_located}
    pickler.dump(state)
    payload = buffer.getbuffer()
    first = {**header(settings, state.theme), "size": len(payload), "digest": digest(payload)}
    with open(path, "wb") as handle:
        handle.write(json.dumps(first).encode("utf-8") + b"\n")
        handle.write(payload)


def read(folder: Path, settings: str) -> State | None:
    """Return the state in `folder` if it is sound and made for these settings by this generator; None otherwise."""
    try:
        with open(folder / FILE, "rb") as handle:
            first = json.loads(handle.readline(4096))
            payload = handle.read()
    except (OSError, ValueError):
        return None
    if not isinstance(first, dict) or any(first.get(k) != v for k, v in header(settings, first.get("theme")).items()):
        return None
    if first.get("size") != len(payload) or first.get("digest") != digest(payload):
        return None
    enabled = gc.isenabled()
    gc.disable()  # a million objects and no garbage: collections would only walk them again
    try:
        state = pickle.loads(payload)
    except Exception:  # noqa: BLE001 (a damaged pickle may raise anything: it only means a full build)
        return None
    finally:
        gc.freeze()  # as full.py does after loading: later collections, here and in forked workers, pass them by
        if enabled:
            gc.enable()
    return state if isinstance(state, State) else None


def _proxy(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


def _reduce_proxy(proxy: MappingProxyType):
    return _proxy, (dict(proxy),)


def _located(text: str | None, line_offset: int) -> Located:
    return Located(None, text=text, line_offset=line_offset)


def _positioned(values: dict, keys: dict) -> Located:
    return Located(None, values, keys)


def _reduce_located(located: Located):
    """Keep a record's text, not its parsed data: the record holds the data, and messages find positions in the text."""
    if located.text is None:
        return _positioned, (located.values, located.keys)
    return _located, (located.text, located._line_offset)
