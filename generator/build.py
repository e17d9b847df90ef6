"""The entry points: build and check a site. A build is quick (quick.py) when it can be, else full (full.py)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING

from generator.builds import inputs, quick
from generator.builds.collector import collector_paused
from generator.builds.lock import Waiting, lock_path, output_lock
from generator.builds.result import BuildResult, Stopwatch, default_date, default_jobs
from generator.builds.write import recover
from generator.content.cache import FOLDER as CACHE_FOLDER, ParseCache
from generator.progress import SILENT, Progress

if TYPE_CHECKING:
    from generator.content.model import Atlas
    from generator.problems import Problem

SEARCH_BY_DEFAULT = True  # the test suite turns it off; only the search tests need Pagefind's seconds


def check(source: Path, as_of: dt.date | None = None, drafts: bool = False, jobs: int | None = None,
          progress: Progress = SILENT) -> Atlas:
    """Return the atlas if the content is sound; raise ContentError with every problem otherwise."""
    return check_with_warnings(source, as_of, drafts, jobs, progress)[0]


def check_with_warnings(source: Path, as_of: dt.date | None = None, drafts: bool = False, jobs: int | None = None,
                        progress: Progress = SILENT) -> tuple[Atlas, tuple[Problem, ...]]:
    """Return the atlas and the warnings about the content if it is sound; raise ContentError otherwise.

    The documents a build into the default output parsed (its cache, beside that output) are taken as it takes
    them, not parsed again; `check` never writes the cache, so it leaves nothing behind."""
    from generator.builds import full
    from generator.problems import ContentError
    from generator.site.theme import find_theme

    cache = ParseCache(source.resolve().parent / CACHE_FOLDER, write=False)  # beside cli.py's default `out`
    try:
        atlas, _, _, _, warnings = full.load_and_plan(source, as_of or default_date(), drafts, cache,
                                                      jobs or default_jobs(), progress)
    finally:
        progress.close()
    theme, problems = find_theme(atlas.site.theme, source, atlas.site.origin)
    if theme is None:
        raise ContentError(problems, warnings)
    return atlas, warnings


def build(source: Path, out: Path, as_of: dt.date | None = None, drafts: bool = False,
          reuse: bool = True, jobs: int | None = None, search: bool | None = None,
          cache: ParseCache | None = None, progress: Progress = SILENT, base_url: str | None = None,
          waiting: Waiting | None = None, remember: bool = False) -> BuildResult:
    """Build the site from `source` into `out`; the old `out` stays untouched unless all succeeds.

    With `reuse`, a build whose inputs did not change, or changed only in the text of briefs, is
    done without loading the site (quick.py); otherwise unchanged pages are kept (incremental.py).
    `base_url` replaces site.yaml's for this build. With `remember` (serve), the quick way is skipped and the
    result keeps what live.py needs. Only one build writes into `out` at a time:
    another one waits, after calling `waiting` with the process id that holds the lock.
    """
    started = time.perf_counter()
    cache_folder = out.resolve().parent / CACHE_FOLDER
    with output_lock(lock_path(cache_folder, out), waiting):
        return _build(source, out, as_of, drafts, reuse, jobs, search, cache, progress, base_url, cache_folder,
                      started, remember)


def _build(source: Path, out: Path, as_of: dt.date | None, drafts: bool, reuse: bool, jobs: int | None,
           search: bool | None, cache: ParseCache | None, progress: Progress, base_url: str | None,
           cache_folder: Path, started: float, remember: bool = False) -> BuildResult:
    watch = Stopwatch()
    day = as_of or default_date()
    search = SEARCH_BY_DEFAULT if search is None else search
    recover(out.resolve())  # first, so even a build that fails leaves the last good output in place
    if cache is None:  # serve passes the previous run's cache instead of reading it from disk again
        cache = ParseCache(cache_folder, read=reuse)
    record_folder = inputs.folder_for(cache_folder, out)
    if reuse and not remember:  # `remember` (serve) wants the loaded site kept: live.py
        seen: quick.Seen = {}
        with collector_paused():  # the manifest's 27,000 entries, the stats of 12,000 files: no cycles
            done = quick.attempt(source, out, day, drafts, search, record_folder, jobs or default_jobs(), progress,
                                 base_url, seen)
            watch.lap("quick")
            way = "quick"
            if done is None and seen:  # an edit of briefs or policies: redone from the last full build's state
                from generator.builds import edited

                done, way = edited.attempt(source, out, search, record_folder, seen, jobs or default_jobs(),
                                           progress, watch), "edited"  # its laps: state, plan, render, search, write
        if done is not None:
            cache.carry_over()
            progress.close()
            return BuildResult(done.pages, done.rendered, time.perf_counter() - started, day, None, cache, watch.laps,
                               way=way)
    from generator.builds import full  # imported only now: its stages and Jinja take longer to import than a quick rebuild

    try:
        return full.build(source, out, day, drafts, reuse, jobs or default_jobs(), search, cache, record_folder,
                          watch, started, progress, base_url, remember)
    finally:
        progress.close()
