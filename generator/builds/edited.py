"""Edited records: a `build` after an edit of existing briefs or policies, redone from the last full build's state.

When a quick rebuild cannot do (quick.py: a front matter or a policy changed), the build reads the
state the last full build left (state.py) instead of loading the site, and redoes the edit as serve
does (live.py): the edited files are read again, their records replaced (a policy's comparison
cells derived again), and the pages whose fingerprint changed rendered, with the search shards that
hold them indexed again; the commit is journaled as usual, and the record of inputs (with what a
quick rebuild of each rendered brief needs) is updated. The output and manifest are byte for byte
what a full build writes (tests/builds/test_edited.py compares them).

The state is not written again: it stays the last full build's, and each later build applies every
edit made since. Anything the live path does not handle (a new, removed or unreadable file, a
problem in an edited file, site.yaml, dimensions, a jurisdiction, a translation, the theme, a
policy with a translation, a changed date, draft flag or references), a state that is missing,
from another generator, Python or settings, or damaged, and more than MAX_FILES files edited since
the state, return None: the caller then runs the full build, which reports problems as it always
does and writes a new state.
"""

from __future__ import annotations

import contextlib
import gc
import json
from dataclasses import replace
from pathlib import Path
from typing import Callable

from generator.builds import changecache, earlyindex, inputs, state
from generator.builds.quick import QuickResult, Seen
from generator.content.cache import ParseCache
from generator.content.translations import is_sidecar
from generator.hashing import digest
from generator.builds.manifest import MANIFEST, Entry, replace_entries
from generator.builds.result import Stopwatch
from generator.builds.write import Staging
from generator.progress import SILENT, Progress

MAX_FILES = 50  # edited since the state was written: beyond this, a full build (which writes a new state) is due
_FOLDERS = ("briefs", "policies")
LONG_PAGES = frozenset({"atlas_json", "home", "compare_years", "comparison_csv", "compare", "side_by_side",
                        "timeline", "changes"})  # those that show every brief or every cell
# Rendered in this process: at most FEW_PAGES pages, none of a kind that takes a tenth of a second or more at 10,000
# briefs (every cell, every change). Forking two workers from a process that holds the whole state costs about
# 0.1 s, more than they save on a summary edit's dozen pages, and they would take the cores Pagefind indexes on.
FEW_PAGES = 16
SLOW_PAGES = frozenset({"compare_years", "comparison_csv", "compare", "side_by_side", "timeline", "changes",
                        "if_enacted", "research"})


def attempt(source: Path, out: Path, search: bool, record_folder: Path, seen: Seen, jobs: int = 1,
            progress: Progress = SILENT, watch: Stopwatch | None = None) -> QuickResult | None:
    """Bring `out` up to date after an edit of briefs or policies, or return None when a full build is needed.

    `seen` is what quick.attempt read before it found it could not do: the record of inputs (made
    with the same settings), the manifest it names and its entries, the stat of every content file (the same
    files as in the record), and the function that answers whether every file the manifest lists is in place,
    asked once the state is read (nothing is committed before). `watch` times the stages (build --timings).
    """
    watch = watch or Stopwatch()
    out = out.resolve()
    record = seen["record"]
    with Staging(out, checked=seen["sizes"]) as staging:  # every file in place, as seen["intact"] answers below
        # a brief's summary edited: its shard indexed on the other core while this one reads the state
        early = earlyindex.start(staging, source, record, seen["entries"], seen["changed"]) if search else None
        try:
            saved = state.read(record_folder, record.settings)
            watch.lap("state")
            if not seen["intact"]() or saved is None or inputs.theme_digest(saved.theme_folders) != saved.theme:
                return None
            # Each file as it is now: the record's state (the last build's, trusted by quick.attempt) or the one it
            # read again. Compared with the state's (the last full build's), not read again against it: after a
            # checkout or a copy, the state's times stay older than the files' until the next full build, and
            # every edited build would read them all.
            restated = seen["restated"]
            changed = inputs.changed_between(saved.files, {**record.files, **restated})
            if not changed or len(changed) > MAX_FILES:
                return None
            if any(relative.split("/")[0] not in _FOLDERS or is_sidecar(relative.split("/", 1)[1])
                   for relative in changed):
                return None
            return _redo(source, out, saved, record, record_folder, seen["manifest"], seen["entries"], staging,
                         early, changed, restated, seen["taken_ns"], search, jobs, progress, watch)
        finally:
            if early is not None:
                early.close()


def _redo(source: Path, out: Path, saved: state.State, record: inputs.Inputs, record_folder: Path, manifest: bytes,
          entries: dict[str, Entry], staging: Staging, early: earlyindex.Early | None, changed: list[str],
          restated: dict[str, str], taken_ns: int, search: bool, jobs: int, progress: Progress,
          watch: Stopwatch) -> QuickResult | None:
    from generator.builds import full
    from generator.builds.live import Live, Memory
    from generator.problems import ContentError
    from generator.site.render import Renderer
    from generator.site.theme import Theme

    theme = Theme(tuple(Path(folder) for folder in saved.theme_folders))
    try:
        catalogs = full.load_catalogs(saved.atlas, theme, record_folder / full.COMPILED)
    except ContentError:
        return None
    renderer = Renderer(saved.atlas, saved.comparison, saved.pages, theme, saved.texts, catalogs)
    renderer.keep_compiled(record_folder / full.COMPILED)
    renderer.kept_json = saved.exports  # of use while no policy, jurisdiction or dimension has changed since
    renderer.counted = saved.counted  # the records' texts, counted: live.redo counts the edited ones again
    live = Live(Memory(renderer, theme, saved.inputs, saved.digests, entries, manifest, saved.hashes, saved.files,
                       saved.taken_ns), source, out, ParseCache(None), once=True)  # a few files: no cache read
    done = live.redo(changed)
    if done is None:
        return None
    renderer, pages, marks, _ = done
    workers = _jobs(pages, jobs)
    if all(relative.startswith("briefs/") for relative in changed):  # the change log is made from the policies,
        # jurisdictions and dimensions, which are as saved; read when a page first needs it, unless workers fork
        changecache.adopt(renderer, record_folder, saved.digests, when_asked=workers == 1)
    bases = {key: live.bases[key] for key in {page.key for page in pages if page.kind == "brief" and not page.lang}}
    watch.lap("plan")
    briefs = []  # the record of what quick rebuilds need of the brief pages, rewritten while the search indexes

    def brief_pages() -> None:
        briefs.append(_brief_pages(record, record_folder, full.brief_pages(pages, renderer, bases)))

    made = _commit(staging, renderer, pages, marks, entries, manifest, record.language if search else None, jobs,
                   workers, progress, watch, saved.search_plan, early, brief_pages)
    if made is None:
        return None  # the full build rewrites the brief pages' record, which no longer matches inputs.Inputs.briefs
    inputs.write(record_folder, replace(record, files={**record.files, **restated}, manifest=digest(made),
                                        taken_ns=taken_ns, briefs=briefs[0]))
    watch.lap("write")
    gc.freeze()  # as full.py does: the state's million objects are never walked, nor freed one by one at exit (1 s)
    return QuickResult(record.pages, len(pages))


def _commit(staging: Staging, renderer, pages: list, marks: dict[str, str], entries: dict[str, Entry],
            manifest: bytes, language: str | None, jobs: int, workers: int, progress: Progress,
            watch: Stopwatch, search_plan: tuple | None = None, early: earlyindex.Early | None = None,
            meanwhile: Callable[[], None] = lambda: None) -> bytes | None:
    """Render `pages` with `workers` processes (_jobs) and write them (and the search shards that hold them, indexed
    `jobs` at a time) with the new manifest, in one journaled step; return the manifest, or None if a page failed
    (the full build reports why). `search_plan`: the last full build's (state.State). `meanwhile()` is called
    once the pages are written, while the search shards still index."""
    from generator.builds import searching
    from generator.builds.workers import render_pages
    from generator.site import search

    prefixes = search.parse_spec(language)[1] if language is not None else {}
    # the long pages first (workers take them before the short ones; in this process, atlas.json is written by a
    # thread while the others render), then the searched pages, so that their shards go to Pagefind early
    pages = sorted(pages, key=lambda page: (page.kind not in LONG_PAGES, not search.indexed(page.output, prefixes)))
    renderer.compile_templates((page.kind for page in pages), forking=workers > 1)  # once, before the workers fork
    with (searching.reindexing(staging, entries, (page.output for page in pages), language, jobs, search_plan, early)
          if language is not None else contextlib.nullcontext()) as indexer:
        # a search shard is indexed as soon as its pages are written, while the long pages still render
        done = (lambda output, page: indexer.rendered(output, page.searched)) if indexer is not None else None
        written, problems = render_pages(renderer, tuple(pages), staging.folder, workers, progress, few=True,
                                         done=done, searched=indexer is not None)
        watch.lap("render")
        if problems:
            return None
        new = {}
        for output, page in written.items():
            staging.wrote(output)
            new[output] = Entry(marks[output], page.content, page.size, page.body, page.indexed)
        if indexer is None:
            manifest = replace_entries(manifest, new)
            meanwhile()
        else:
            try:
                manifest = searching.reindexed_by(indexer, staging, entries, new, manifest, progress, meanwhile)
            except search.SearchUnavailable:
                return None  # the full build reports it
            watch.lap("search")
        if early is not None:
            early.close()  # taken, or its Pagefind done and its files gone before the commit removes the staging folder
        staging.note(MANIFEST, manifest)
        staging.commit(others_unchanged=True)
    return manifest


def _jobs(pages: list, jobs: int) -> int:
    """Return how many workers to render `pages` with: none but this process for a few quick ones."""
    return 1 if len(pages) <= FEW_PAGES and not any(page.kind in SLOW_PAGES for page in pages) else jobs


def _brief_pages(record: inputs.Inputs, folder: Path, rendered: dict[str, list]) -> str:
    """Rewrite what quick rebuilds need of each brief page, with the pages rendered now; return the file's hash.

    The file has a line per brief (inputs.write_brief_pages): only the lines of these briefs are replaced.
    """
    if not rendered:
        return record.briefs
    try:
        raw = (folder / inputs.BRIEFS).read_bytes()
    except OSError:
        raw = b""
    if digest(raw) != record.briefs:
        return inputs.write_brief_pages(folder, rendered)  # the others' quick rebuilds become full ones
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    pieces, done = [], 0  # each line spliced in place, in one join: 5 MB at 10,000 briefs, not split, copied once
    for at, relative, fields in sorted((raw.find(b"\n" + encode([relative])[:-1].encode("utf-8") + b","), relative,
                                        fields) for relative, fields in rendered.items()):
        if at < 0:
            return inputs.write_brief_pages(folder, rendered)
        end = raw.find(b"\n", at + 1)
        pieces += (memoryview(raw)[done:at + 1], encode([relative, *fields]).encode("utf-8"))
        done = end if end >= 0 else len(raw)
    return inputs.replace_file(folder, inputs.BRIEFS, b"".join([*pieces, memoryview(raw)[done:]]))
