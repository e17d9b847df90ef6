"""The state of the last full build, kept on disk, so the next `build` can redo an edit of briefs or policies.

`serve` keeps what its last full build loaded in memory and redoes an edit of a brief or a policy
without loading the site (live.py). A `build` is a new process each time, so a full build also
writes that state into its record folder (inputs.folder_for): the atlas, the comparison, the
planned pages, the translations, each page's dependency keys and the digests, and the state of
every content file when it was read; atlas.json encoded but for its briefs (exports.JsonParts),
so that an edit of briefs alone encodes only those; and, for a site with further languages, how
often each text of the records shows (editionviews.census), so that an edit counts only its own.
The next build (edited.py) reads it back instead of loading the content.

The file is a pickle, written by this generator into its own cache folder, behind one line of JSON
that says what it is valid for: the file format, the generator's own hash, the Python version, the
build settings, the theme's hash, and the length and CRC-32 of the pickle. Anything that does not
match (another generator, another Python, other settings, a truncated file) means the file is not
unpickled at all; a damaged one (its CRC-32, worked out while it unpickles) or unpickling that fails
means a full build, never a crash.
A full build deletes the file before it commits and writes a new one after, so the file always
belongs to the last full build into that output folder.

The pickle is written in a forked process while the parent indexes the search and commits, and put
in place only once the build has succeeded. Another forked process keeps the change log in a file of
its own (changecache.py), which full builds read too, unless the file holds that log already.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from generator.builds import changecache, pickles
from generator.hashing import generator_digest
from generator.interrupts import held_for_forking, quiet_worker

FILE = "state.pickle"
_FORMAT = 4


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
    exports: object = None  # atlas.json but its briefs (exports.JsonParts), made by the Writer's process
    search_plan: tuple | None = None  # the search shards of these pages (searching.Indexer.kept_plan), or None
    counted: dict | None = None  # editionviews.census(atlas): the renderer's or the Writer's; None: no edition


def header(settings: str, theme: str) -> dict:
    """Return what a state file must say it is valid for, but for its pickle's length and CRC-32."""
    return {"format": _FORMAT, "generator": generator_digest(), "python": sys.version, "settings": settings,
            "theme": theme}


def discard(folder: Path) -> None:
    """Delete the state file: the output is about to change in a way it does not describe."""
    try:
        (folder / FILE).unlink()
    except OSError:
        pass


class Writer:
    """Pickles a State, and the change log (changecache.py), each in a forked process of its own while the build
    goes on; `keep()` puts the files in place."""

    def __init__(self, folder: Path, state: State, settings: str, changes: Callable[[], object], made: str,
                 exports: Callable[[], object]):
        """`changes` returns the change log, made from `made` (changecache.made_from); it is called in the forked
        process, if the build has not asked for it, and only if the folder does not hold that log already.
        `exports` returns the state's `exports`, made in the forked process too."""
        self.folder, self._temporary = folder, folder / f".{FILE}.{os.getpid()}"
        self._log = folder / f".{changecache.FILE}.{os.getpid()}"
        self._processes: list = []
        folder.mkdir(parents=True, exist_ok=True)
        # Two processes, not one after the other: at the end of a cold build without search nothing else is left
        # to wait for (the state 0.75 s, the log 0.5 s at 10,000 briefs)
        jobs = [(_write_state, (self._temporary, state, settings, exports))]
        if not changecache.kept(folder, made):
            jobs.append((_write_log, (self._log, changes, made)))
        if "fork" in multiprocessing.get_all_start_methods():
            for target, args in jobs:
                process = multiprocessing.get_context("fork").Process(target=_apart, args=(target, *args), daemon=True)
                with held_for_forking():  # until _apart is quiet
                    process.start()
                self._processes.append(process)
        else:
            for target, args in jobs:
                target(*args)

    def keep(self) -> None:
        """Wait for the pickles and put them in place, if they were written."""
        for process in self._processes:
            process.join()
        if any(process.exitcode != 0 for process in self._processes):
            return self.drop()
        try:
            os.replace(self._temporary, self.folder / FILE)
            if self._log.exists():
                os.replace(self._log, self.folder / changecache.FILE)
        except OSError:
            self.drop()

    def drop(self) -> None:
        """Stop the writing, if under way, and delete what it wrote."""
        for process in self._processes:
            if process.is_alive():
                process.terminate()
                process.join()
        for path in (self._temporary, self._log):
            try:
                path.unlink()
            except OSError:
                pass


def _apart(target: Callable, *args) -> None:
    quiet_worker()  # the build that forked this process handles Ctrl-C, and ends it
    target(*args)


def _write_state(path: Path, state: State, settings: str, exports: Callable[[], object]) -> None:
    from generator.site.editionviews import census

    counted = state.counted  # the renderer's, when its editions were made; else counted here, off the build's path
    if counted is None and state.atlas.site.languages:
        counted = census(state.atlas)
    pickles.save(path, header(settings, state.theme), replace(shared_keys(state), exports=exports(), counted=counted))


def shared_keys(state: State) -> State:
    """Return `state` with each dependency key and file path one string object, however many pages and mappings
    name it: the pickle then holds it once, and reading the state makes 200,000 strings fewer at 10,000 briefs
    (each page's keys were made apart: 240,000 names of 12,000 keys; 0.335 -> 0.31 s in a fresh process)."""
    one: dict[str, str] = {}
    same = one.setdefault
    return replace(state, inputs=[(identity, settings, tuple([same(key, key) for key in keys]))
                                  for identity, settings, keys in state.inputs],
                   digests={same(key, key): value for key, value in state.digests.items()},
                   hashes={same(path, path): value for path, value in state.hashes.items()},
                   files={same(path, path): value for path, value in state.files.items()})


def _write_log(path: Path, changes: Callable[[], object], made: str) -> None:
    changecache.write(path, made, changes())


def read(folder: Path, settings: str) -> State | None:
    """Return the state in `folder` if it is sound and made for these settings by this generator; None otherwise."""
    state = pickles.load(folder / FILE, lambda first: pickles.says(first, header(settings, first.get("theme"))))
    return state if isinstance(state, State) else None
