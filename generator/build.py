"""The orchestrator: load -> check references -> derive -> plan -> render -> write."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from generator.cache import FOLDER as CACHE_FOLDER, ParseCache
from generator import search
from generator.compare import derive
from generator.load import load
from generator.model import Atlas, build_atlas
from generator.deps import dependencies
from generator.hashing import digest, generator_digest
from generator.incremental import MANIFEST, Entry, fingerprint, manifest_bytes, read_manifest, record_digests
from generator.plan import Page, plan
from generator.problems import ContentError, Problem
from generator.render import Renderer, find_theme
from generator.urls import UnsafePath
from generator.workers import default_jobs, render_pages
from generator.write import Staging, recover


SEARCH_BY_DEFAULT = True  # the test suite turns it off; only the search tests need Pagefind's seconds
UNINDEXED = ("not_found", "search")
SLOW_PAGES = frozenset({"compare_years", "atlas_json", "comparison_csv", "compare", "side_by_side", "timeline"})  # pages that would only add noise to search results


@dataclass(frozen=True)
class BuildResult:
    pages: int  # files the site has
    rendered: int  # of those, rendered anew (the rest were unchanged and reused)
    seconds: float
    atlas: Atlas
    cache: ParseCache


def default_date() -> dt.date:
    """Return the as-of date: the day of SOURCE_DATE_EPOCH when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def check(source: Path, as_of: dt.date | None = None, drafts: bool = False) -> Atlas:
    """Return the atlas if the content is sound; raise ContentError with every problem otherwise."""
    return _load_and_plan(source, as_of, drafts, ParseCache(None))[0]


def _load_and_plan(source: Path, as_of: dt.date | None, drafts: bool,
                   cache: ParseCache) -> tuple[Atlas, tuple[Page, ...]]:
    content, problems = load(source, cache)
    cache.save()
    atlas, more = build_atlas(content, as_of or default_date(), drafts, loaded_cleanly=not problems)
    problems += more
    if problems or atlas is None:
        raise ContentError(problems or [Problem(str(source), 0, 0, "no content could be loaded")])
    try:
        return atlas, plan(atlas)
    except (UnsafePath, ValueError) as error:
        raise ContentError([Problem(str(source), 0, 0, f"cannot plan the output: {error}")]) from None


def build(source: Path, out: Path, as_of: dt.date | None = None, drafts: bool = False,
          reuse: bool = True, jobs: int | None = None, search: bool | None = None,
          cache: ParseCache | None = None) -> BuildResult:
    """Build the site from `source` into `out`; the old `out` stays untouched unless all succeeds."""
    started = time.perf_counter()
    recover(out.resolve())  # first, so even a build that fails leaves the last good output in place
    if cache is None:  # serve passes the previous run's cache instead of reading it from disk again
        cache = ParseCache(out.resolve().parent / CACHE_FOLDER, read=reuse)
    atlas, pages = _load_and_plan(source, as_of, drafts, cache)
    theme, problems = find_theme(atlas.site.theme, source)
    if theme is None:
        raise ContentError(problems)
    renderer = Renderer(atlas, derive(atlas), pages, theme)
    previous = read_manifest(out) if reuse else {}
    with Staging(out) as staging:
        entries, rendered = _write_pages(staging, pages, renderer, previous, jobs or default_jobs())
        if SEARCH_BY_DEFAULT if search is None else search:
            _search_index(staging, pages, renderer, previous, entries)
        staging.note(MANIFEST, manifest_bytes(entries))
        staging.copy_static(reversed(theme.static_folders()))
        staging.commit()
    return BuildResult(len(pages), rendered, time.perf_counter() - started, atlas, cache)


def _write_pages(staging: Staging, pages, renderer: Renderer, previous: dict[str, Entry],
                 jobs: int) -> tuple[dict[str, Entry], int]:
    """Render each page whose fingerprint changed, reuse the others; return the manifest and how many rendered."""
    atlas = renderer.atlas
    digests = record_digests(atlas)
    settings = f"as_of={atlas.as_of.isoformat()};drafts={atlas.drafts_shown}"
    entries: dict[str, Entry] = {}
    marks: dict[str, str] = {}
    to_render = []
    for page in pages:
        keys = dependencies(atlas, page.kind, page.key)
        mark = fingerprint(f"{page.kind}:{page.key}:{page.output}", keys, digests,
                           renderer.template_digest(page.kind), settings)
        old = previous.get(page.output)
        if old and old.fingerprint == mark and staging.reuse(page.output, old.size):
            entries[page.output] = old
        else:
            marks[page.output] = mark
            to_render.append(page)
    to_render.sort(key=lambda page: page.kind not in SLOW_PAGES)  # start the long ones first, not last
    written, problems = render_pages(renderer, tuple(to_render), staging.folder, jobs)
    if problems:
        raise ContentError(problems)
    for output, (content, size) in written.items():
        staging.wrote(output)
        entries[output] = Entry(marks[output], content, size)
    return entries, len(to_render)


def _search_index(staging: Staging, pages, renderer: Renderer, previous: dict[str, Entry],
                  entries: dict[str, Entry]) -> None:
    """Index every HTML page for search, unless no indexed page changed since the last build."""
    indexed = [page for page in pages if page.is_html and page.kind not in UNINDEXED]
    mark = digest(repr([(page.output, entries[page.output].content) for page in indexed]) + generator_digest())
    old = {path: entry for path, entry in previous.items() if path.startswith(search.FOLDER)}
    if old and all(e.fingerprint == mark for e in old.values()) and all(staging.reuse(p, e.size) for p, e in old.items()):
        entries.update(old)
        return

    def where(page: Page) -> Path:
        return (staging.folder if page.output in staging.written else staging.out) / page.output

    folder = staging.folder / search.FOLDER
    try:
        files = search.index(((p.output, where(p)) for p in indexed), renderer.atlas.site.language, folder)
    except search.SearchUnavailable as error:
        raise ContentError([Problem("site.yaml", 0, 0, str(error), hint="or build with --no-search")]) from None
    for path in files:
        data = (folder / path).read_bytes()
        staging.wrote(search.FOLDER + path)
        entries[search.FOLDER + path] = Entry(mark, digest(data), len(data))
