"""The entry points: build and check a site. A build is quick (quick.py) when it can be, else full (full.py)."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import inputs, quick
from generator.cache import FOLDER as CACHE_FOLDER, ParseCache
from generator.write import recover

if TYPE_CHECKING:
    from generator.model import Atlas

SEARCH_BY_DEFAULT = True  # the test suite turns it off; only the search tests need Pagefind's seconds


@dataclass(frozen=True)
class BuildResult:
    pages: int  # files the site has
    rendered: int  # of those, rendered anew (the rest were unchanged and reused)
    seconds: float
    as_of: dt.date
    atlas: Atlas | None  # None after a quick rebuild, which does not load the site
    cache: ParseCache
    timings: dict[str, float]  # seconds spent in each stage, in order (build --timings prints them)


class Stopwatch:
    """Seconds spent in each stage of a build."""

    def __init__(self):
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = self.laps.get(stage, 0.0) + now - self._last
        self._last = now


def default_date() -> dt.date:
    """Return the as-of date: the day of SOURCE_DATE_EPOCH when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def check(source: Path, as_of: dt.date | None = None, drafts: bool = False, jobs: int | None = None) -> Atlas:
    """Return the atlas if the content is sound; raise ContentError with every problem otherwise."""
    from generator import full

    return full.load_and_plan(source, as_of or default_date(), drafts, ParseCache(None), jobs or full.default_jobs())[0]


def build(source: Path, out: Path, as_of: dt.date | None = None, drafts: bool = False,
          reuse: bool = True, jobs: int | None = None, search: bool | None = None,
          cache: ParseCache | None = None) -> BuildResult:
    """Build the site from `source` into `out`; the old `out` stays untouched unless all succeeds.

    With `reuse`, a build whose inputs did not change, or changed only in the text of briefs, is
    done without loading the site (quick.py); otherwise unchanged pages are kept (incremental.py).
    """
    started = time.perf_counter()
    watch = Stopwatch()
    day = as_of or default_date()
    search = SEARCH_BY_DEFAULT if search is None else search
    cache_folder = out.resolve().parent / CACHE_FOLDER
    recover(out.resolve())  # first, so even a build that fails leaves the last good output in place
    if cache is None:  # serve passes the previous run's cache instead of reading it from disk again
        cache = ParseCache(cache_folder, read=reuse)
    record_folder = inputs.folder_for(cache_folder, out)
    if reuse:
        done = quick.attempt(source, out, day, drafts, search, record_folder)
        watch.lap("quick")
        if done is not None:
            cache.carry_over()
            return BuildResult(done.pages, done.rendered, time.perf_counter() - started, day, None, cache, watch.laps)
    from generator import full  # imported only now: its stages and Jinja take longer to import than a quick rebuild

    return full.build(source, out, day, drafts, reuse, jobs or full.default_jobs(), search, cache, record_folder,
                      watch, started)
