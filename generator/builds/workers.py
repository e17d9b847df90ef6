"""Rendering spread over worker processes, each writing its pages straight into the staging folder.

Workers are forked, so they inherit the renderer (the atlas, comparison and Jinja environment)
without pickling it; only page indexes go out and (file, digest) pairs come back. Each page's bytes
depend on nothing but the page, so the output is the same whatever the number of workers. While
pages render, Python's full cycle collections are kept rare (`_collect_rarely`). A few pages can be
rendered ahead, in a process forked earlier, while the build's process readies what the workers need (Ahead).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable, NamedTuple

from generator.hashing import digest
from generator.interrupts import forked_pool, quiet_worker
from generator.site.plan import Page
from generator.problems import Problem
from generator.progress import SILENT, Progress
from generator.site import exports
from generator.site.render import Renderer, TemplateProblem
from generator.site.search import searched_digest
from generator.site.urls import safe_output


class Written(NamedTuple):
    """A page written into the staging folder."""

    content: str  # digest of its bytes
    size: int
    body: tuple[int, int] | None  # where a brief's text lies in it (Renderer.render_with_body)
    indexed: str | None  # digest of what the search indexes of it, when less than all (site/searchtext.py)

    @property
    def searched(self) -> str:
        return self.indexed or self.content


MIN_PAGES_PER_WORKER = 64  # below this, forking costs more than it saves
LARGE_FILE = 1 << 20  # rendered in the build's own process, a file this large is written and hashed by a thread
FULL_COLLECTIONS_AFTER = 1000  # younger collections per full one in a worker (Python's default: 10)
_worker: tuple[Renderer, tuple[Page, ...], Path, bool] | None = None  # set only inside forked workers


class Ahead:
    """A few pages rendered in a forked process of their own, started before the workers fork, while the build's
    process goes on with the work the workers need first (full.py: the data exports, while it works out the change
    log). render_pages then waits for them with its own pages. Use it as a context: leaving it early ends the
    process."""

    def __init__(self, renderer: Renderer, pages: tuple[Page, ...], folder: Path, searched: bool):
        self.pages, self.renderer = pages, renderer
        self._pool = forked_pool(1, _start_worker, (renderer, pages, folder, searched))
        self._results = self._pool.imap(_render_ahead, range(len(pages)))
        self._pool.close()  # the process ends once its pages are written: it would hold its memory to the end

    @staticmethod
    def wanted(jobs: int, pages: int) -> bool:
        """Return whether pages can be rendered ahead: in a build of at least this many pages and `jobs` workers."""
        return _forking(jobs, pages, MIN_PAGES_PER_WORKER * 2)

    def results(self):
        """Yield (index, (output, Written or Problem)) for each page, as render_pages' workers do. The parts of
        atlas.json it made come back with that page, and the renderer keeps them (Renderer.json_parts): the state
        of the build (builds/state.py) holds them, and would make them again (0.5 s at 10,000 briefs)."""
        for index, result, parts in self._results:
            if parts is not None:
                self.renderer.kept_json = exports.rejoined(self.renderer.atlas, self.renderer.comparison, *parts)
            yield index, result

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._pool.terminate()  # its pages are all in after results(); on an error, nothing more is wanted of it
        self._pool.join()


def render_pages(renderer: Renderer, pages: tuple[Page, ...], folder: Path, jobs: int,
                 progress: Progress = SILENT, few: bool = False,
                 done: Callable[[str, Written], None] | None = None,
                 searched: bool = True, ahead: Ahead | None = None) -> tuple[dict[str, Written], list[Problem]]:
    """Render and write `pages` into `folder`; return what was written, by output file, and template problems.

    With `few`, the pages are few but some take long (the data export, the compare pages): they are shared out
    among the workers one at a time, in the order given, however few they are. `done`, if given, is
    called with each page written as soon as it is (in the order they finish, not that of `pages`). Without
    `searched` (a build without the search index), what the index would read of a page is not hashed: each
    page's `indexed` is None (0.14 ms a page, 1.7 s of CPU at 10,000 briefs). `ahead`: pages already being rendered
    in a process of their own (Ahead), waited for after these, and counted, reported and returned with them.
    """
    progress.stage("render", len(pages) + (len(ahead.pages) if ahead else 0), "pages")
    if not _forking(jobs, len(pages), 2 if few else MIN_PAGES_PER_WORKER * 2):
        results = []
        # A large file (atlas.json: 11 MB at 10,000 briefs, 0.05 s to write and hash) is written while the next pages
        # render; the thread is waited for before this returns, or leaves on an interrupt (the staging folder is then
        # removed, with nothing left writing into it).
        with _full_collections_rare(), ThreadPoolExecutor(1, "large-files") as writer:
            for page in pages:
                results.append(_render_one(renderer, page, folder, searched, writer))
                if not isinstance(results[-1][1], Future):
                    _report(results[-1], done)
                progress.advance()
            for index, (output, value) in enumerate(results):
                if isinstance(value, Future):
                    results[index] = output, value.result()
                    _report(results[index], done)
    else:
        with forked_pool(jobs, _start_worker, (renderer, pages, folder, searched)) as pool:
            numbered = []
            chunks = 1 if few else max(8, len(pages) // (jobs * 16))
            for index, result in pool.imap_unordered(_render_numbered, range(len(pages)), chunksize=chunks):
                numbered.append((index, result))
                _report(result, done)
                progress.advance()
            results = [result for _, result in sorted(numbered, key=lambda pair: pair[0])]  # as if one by one
    if ahead is not None:
        for _, result in ahead.results():
            _report(result, done)
            progress.advance()
            results.append(result)
    written = {output: value for output, value in results if isinstance(value, Written)}
    problems: dict[tuple, Problem] = {}
    for _, value in results:  # one broken template fails many pages: report it once
        if isinstance(value, Problem):
            problems.setdefault((value.path, value.line, value.column), value)
    return written, list(problems.values())


def _forking(jobs: int, pages: int, least: int) -> bool:
    """Return whether `pages` pages are rendered in forked processes: more than one job, at least `least` pages
    (below that, forking costs more than it saves), and a system that forks."""
    return jobs > 1 and pages >= least and "fork" in multiprocessing.get_all_start_methods()


def _report(result: tuple[str, Written | Problem], done: Callable[[str, Written], None] | None) -> None:
    if done is not None and isinstance(result[1], Written):
        done(*result)


def _start_worker(renderer: Renderer, pages: tuple[Page, ...], folder: Path, searched: bool) -> None:
    global _worker
    quiet_worker()
    _collect_rarely()
    _worker = (renderer, pages, folder, searched)


def _collect_rarely() -> None:
    """In a forked rendering worker: keep Python's full cycle collections rare, and off what the worker inherited.

    What a worker builds up while it renders (the views of every cell it shows, the templates' caches)
    lives until it ends, and each full collection walks all of it again: with Python's thresholds,
    15-20 full collections of 100-150 ms each per worker, a tenth of the rendering's CPU in a
    10,000-brief build. Rendering leaves next to no reference cycles (garbage goes by reference
    counting), so a full collection is left for every thousand younger ones, which still run as usual.
    What the worker inherited from the build is frozen out of every collection, as the loaded content
    already is: walking it would also copy the memory it shares.
    """
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTIONS_AFTER)


@contextlib.contextmanager
def _full_collections_rare():
    """Rendering in the build's own process (one job, or no fork): full collections as rare as in a worker, for
    the while; nothing is frozen, since this process goes on (serve)."""
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], FULL_COLLECTIONS_AFTER)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _render_numbered(index: int) -> tuple[int, tuple[str, Written | Problem]]:
    renderer, pages, folder, searched = _worker
    return index, _render_one(renderer, pages[index], folder, searched)


def _render_ahead(index: int) -> tuple[int, tuple[str, Written | Problem], tuple | None]:
    """As _render_numbered, with the bytes of atlas.json's parts when the page is atlas.json (Ahead.results)."""
    renderer, pages, folder, searched = _worker
    result = _render_one(renderer, pages[index], folder, searched)
    kept = renderer.kept_json if pages[index].kind == "atlas_json" and isinstance(result[1], Written) else None
    return index, result, kept.encoded_for(renderer.atlas) if kept is not None else None


def _render_one(renderer: Renderer, page: Page, folder: Path, searched: bool,
                writer: ThreadPoolExecutor | None = None) -> tuple[str, Written | Problem | Future]:
    """Render and write `page`; a LARGE_FILE is written by `writer`, if given (its Written is the Future's)."""
    try:
        data, body = renderer.render_with_body(page)
    except TemplateProblem as error:
        return page.output, error.problem
    target = folder / safe_output(page.output)
    target.parent.mkdir(parents=True, exist_ok=True)
    if writer is not None and len(data) >= LARGE_FILE:
        return page.output, writer.submit(_written, target, data, body, page, searched)
    return page.output, _written(target, data, body, page, searched)


def _written(target: Path, data: bytes, body: tuple[int, int] | None, page: Page, searched: bool) -> Written:
    target.write_bytes(data)  # writing and hashing let go of Python's lock: a thread may do them
    return Written(digest(data), len(data), body, searched_digest(page.output, page.lang, data) if searched else None)
