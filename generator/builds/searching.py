"""Keeping the search index up to date: which shards changed, indexing those, and their manifest entries.

Each shard's files carry one fingerprint: a hash of the generator, the language, whether the shard is
the primary one, and the path and searched hash of every page it indexes: the hash of what Pagefind reads
of the page (Entry.searched, site/searchtext.py: its <main> without the content of data-pagefind-ignore
elements and the citation block). A shard whose fingerprint is unchanged, with its files in place, is
kept as it is; the others are indexed again. So a brief's summary edited re-indexes the brief's shard,
not the shards of every page that lists the brief, and the first build of a day (every page shows the
date) keeps the shards whose pages show it only in their footer and citation. The same
code serves full builds and quick ones (one brief's text edited), so both give the same bytes.

A full build indexes while it renders (`Indexer`): it is told each page's searched hash as the
page is written, and a shard is handed to Pagefind, in a background thread, as soon as all its
pages are known, so the indexing of early shards overlaps the rendering of later ones.
"""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

from generator.builds.manifest import Entry, manifest_around, manifest_lines, spliced_around
from generator.builds.write import Staging
from generator.hashing import digest, generator_digest
from generator.progress import SILENT, Progress
from generator.site import search, searchreuse


class Indexer:
    """The search index of one build, shard by shard as the pages' searched hashes become known.

    Use as a context manager around the rendering: `known()` each page kept from the previous output,
    `rendered()` each page as it is written into the staging folder, then `finish()`. Leaving the
    block early (a failed build) cancels the shards not yet started and waits for the running ones.
    """

    def __init__(self, staging: Staging, outputs: Iterable[str], previous: dict[str, Entry], language: str,
                 jobs: int, kept_plan: tuple | None = None, apart: bool = False):
        """`kept_plan`: the `kept_plan()` of an earlier build's Indexer, taken if it planned the same pages. `apart`:
        each shard's pages are gathered by the process that indexes them (search.index_pages), not by the thread
        that tells the Indexer of them: for an edit, whose thread reads the state or renders meanwhile; a full build
        gathers its 45 shards' pages while it waits for its workers, and a process for each cost it a second."""
        self.staging, self.previous, self.apart = staging, previous, apart
        self.language, self.editions = search.parse_spec(language)
        outputs = sorted(outputs)
        self.pages = tuple(output for output in outputs if output.endswith(".html"))
        same = kept_plan is not None and kept_plan[0] == self.pages
        self.plan = kept_plan[1] if same else search.shards(outputs, self.editions)
        self.first, self.firsts = runtime_shards(self.plan, self.editions)
        self.shard_of = {path: name for name, paths in self.plan.items() for path in paths}
        self.waiting = {name: len(paths) for name, paths in self.plan.items()}
        self.contents: dict[str, str] = {}
        self.fresh: set[str] = set()  # pages written in this build: they lie in the staging folder
        self.old = _by_shard(previous)
        self.generator = generator_digest()
        self.marks: dict[str, str] = {}
        self.kept: dict[str, Entry] = {}
        self.running: dict[str, Future] = {}
        self.early = None  # an edited brief's shard indexed ahead (earlyindex.Early), taken if its fingerprint holds
        self.seeded: dict[str, dict[str, int]] = {}  # each running shard's previous files (searchreuse.seed)
        self.scratch: dict[str, Path] = {}  # each running shard's pages gathered in this process (search.gather)
        self.jobs = max(1, jobs)
        self.pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="search")
        # While the workers render, one Pagefind at a time: two beside the workers raised the peak memory
        # above Hugo + Pagefind's and bought no time on a busy machine. finish() lets `jobs` run.
        self.gate = threading.Semaphore(1)

    def kept_plan(self) -> tuple:
        """Return the shard plan with the pages it was made from, for a later build of the same pages (the state
        of a full build keeps it: an edited build need not plan 15,000 pages again)."""
        return self.pages, self.plan

    def __enter__(self) -> "Indexer":
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        for name, future in self.running.items():
            if future.cancelled() and self.scratch.get(name):  # gathered, never indexed: its scratch folder is left
                shutil.rmtree(self.scratch[name], ignore_errors=True)

    def order(self, output: str) -> str:
        """Return a sort key that renders the pages of one shard together, so that shards complete early."""
        return self.shard_of.get(output, "")

    def known(self, output: str, content: str) -> None:
        """Record the searched hash (Entry.searched) of a page kept from the previous output."""
        self._record(output, content)

    def kept_whole(self, name: str) -> bool:
        """Keep shard `name` as the previous output has it, with its fingerprint, if each of its files is in place at
        its size and all have one fingerprint; return whether it was. For an edit none of whose pages are in the
        shard: the fingerprint its pages' searched hashes would give is the one the previous build gave them (the
        same generator, settings and plan: the state says so), so 14,000 pages need not be told (0.03 s of a
        summary edit at 10,000 briefs)."""
        kept = self.old.get(name, {})
        marks = {entry.fingerprint for entry in kept.values()}
        if len(marks) != 1 or not all(self.staging.reuse(path, entry.size) for path, entry in kept.items()):
            return False
        self.marks[name] = marks.pop()
        self.kept.update(kept)
        self.waiting[name] = 0
        return True

    def rendered(self, output: str, content: str) -> None:
        """Record the searched hash of a page just written into the staging folder."""
        self.fresh.add(output)
        self._record(output, content)

    def _record(self, output: str, content: str) -> None:
        self.contents[output] = content
        name = self.shard_of.get(output)
        if name is None:
            return
        self.waiting[name] -= 1
        if self.waiting[name] == 0:
            self._start(name)

    def _start(self, name: str) -> None:
        """All pages of shard `name` are known: keep its files, or index it in the background."""
        prefix = search.edition_of(name, self.editions)
        runtime = name == self.first or name in self.firsts
        mark = shard_mark(self.generator, self.language, prefix, runtime,
                          ((path, self.contents[path]) for path in self.plan[name]))
        self.marks[name] = mark
        kept = self.old.get(name, {})
        if kept and all(e.fingerprint == mark for e in kept.values()) and all(
                self.staging.reuse(path, e.size) for path, e in kept.items()):
            self.kept.update(kept)
            return
        target = self.staging.folder / search.FOLDER / name
        language = self.editions[prefix] if prefix else self.language
        if self.early is not None and self.early.take(name, mark):  # indexed ahead, from the very same pages
            self.seeded[name] = self.early.seeded
            self.running[name] = self.pool.submit(self._early, name, target, language, runtime)
            return
        start = len(f"{search.FOLDER}{name}/")  # Pagefind writes only what changed (searchreuse.py)
        self.seeded[name] = searchreuse.seed(target, ((path[start:], self.staging.out / path)
                                                      for path, e in kept.items() if self.staging.intact(path, e.size)))
        seeded = bool(self.seeded[name])
        if self.apart:
            self.running[name] = self.pool.submit(self._index, search.index_pages, self._pages(name),
                                                  self.staging.folder, language, target, runtime, seeded)
        else:  # gathered here, the thread only waits for Pagefind (search.gather says why)
            scratch = self.scratch[name] = search.gather(self._pages(name), self.staging.folder)
            self.running[name] = self.pool.submit(self._index, search.index_gathered, scratch, language, target,
                                                  runtime, seeded)

    def _index(self, index: Callable[..., list[str]], *args) -> list[str]:
        """Return index(*args) (search.index_pages or search.index_gathered) once the gate lets a Pagefind run."""
        with self.gate:
            return index(*args)

    def _early(self, name: str, target: Path, language: str, runtime: bool) -> list[str]:
        try:
            return self.early.into(target)
        except search.SearchUnavailable:  # its run failed (its pages could not be gathered, say): indexed here
            self.seeded[name] = {}
            return self._index(search.index_pages, self._pages(name), self.staging.folder, language, target, runtime,
                               False)

    def _pages(self, name: str) -> list[tuple[str, Path]]:
        """Return each page of shard `name` with the file it lies in now: the staging folder's or the output's."""
        return [(path, self._where(path)) for path in self.plan[name]]

    def _where(self, path: str) -> Path:
        return (self.staging.folder if path in self.fresh or path in self.staging.written else self.staging.out) / path

    def finish(self, progress: Progress = SILENT) -> tuple[dict[str, Entry], int]:
        """Wait for the shards being indexed; return the manifest entries of the index's files and how many
        shards were indexed anew. Raises search.SearchUnavailable (the first shard that failed)."""
        if not self.plan:
            return {}, 0
        missing = sorted(name for name, count in self.waiting.items() if count)
        if missing:
            raise ValueError(f"pages of the search shards {missing} were never rendered nor kept")
        for _ in range(self.jobs - 1):  # the rendering is over: index `jobs` shards at a time
            self.gate.release()
        progress.stage("search", len(self.running), "shards")
        progress.advance(sum(future.done() for future in self.running.values()))
        for name in sorted(self.running, key=lambda n: self.running[n].done()):
            future = self.running[name]
            was_done = future.done()
            future.result()
            if not was_done:
                progress.advance()
        entries = dict(self.kept)
        for name, future in self.running.items():
            folder = self.staging.folder / search.FOLDER / name
            old = self.old.get(name, {})
            for path in future.result():  # the shard's files, as index_gathered listed them
                full = f"{search.FOLDER}{name}/{path}"
                if searchreuse.linked(folder, path, self.seeded.get(name, {})):  # found intact when it was seeded:
                    self.staging.keep(full)  # the same file (inode), left in place by the commit
                    entries[full] = old[full]._replace(fingerprint=self.marks[name])
                else:
                    entries[full] = _written(self.staging, full, self.marks[name])
        entries.update(_root_files(self.staging, self.old.get("", {}), self.plan, self.first, self.marks[self.first],
                                   self.first in self.running, self.editions))
        return entries, len(self.running)


def runtime_shards(names: Iterable[str], editions: dict[str, str]) -> tuple[str, set[str]]:
    """Return the default language's primary shard ('' when there are no shards) and each further language's: the
    shards that carry Pagefind's runtime (search.primaries)."""
    names = list(names)
    if not names:
        return "", set()
    firsts = search.primaries(names, editions)
    first = firsts.pop("") if "" in firsts else search.primary(names)
    return first, set(firsts.values())


def shard_mark(generator: str, language: str, prefix: str, runtime: bool, pages: Iterable[tuple[str, str]]) -> str:
    """Return the fingerprint of a shard's files: the generator, the language, the edition's prefix, whether it
    carries Pagefind's runtime, and each (output path, searched hash) of its pages in the plan's order."""
    return digest("\n".join([generator, language, prefix, str(runtime),
                             *(f"{path}\t{searched}" for path, searched in pages)]))


def reindexing(staging: Staging, previous: dict[str, Entry], again: Iterable[str], language: str,
               jobs: int, kept_plan: tuple | None = None, early=None, apart: bool = True) -> Indexer:
    """Return the Indexer of an edited build: every page of the previous output is known as it was, but those
    rendered `again`: tell it each of those as it is written (`Indexer.rendered`), so that the shards holding
    them are indexed while the other pages render; then `reindexed_by`. `kept_plan`: as Indexer takes it;
    `early`: a shard indexed ahead (earlyindex.start), taken if its pages are as foreseen; `apart`: as Indexer takes
    it (the build renders while its shards index)."""
    again = set(again)
    outputs = sorted({*(path for path in previous if not path.startswith(search.FOLDER)), *again})
    indexer = Indexer(staging, outputs, previous, language, jobs, kept_plan, apart)
    indexer.early = early
    touched = {indexer.shard_of.get(path) for path in again}
    for name, paths in indexer.plan.items():  # a shard none of whose pages is rendered again is kept as it was
        if name in touched or not indexer.kept_whole(name):
            for path in paths:
                if path not in again:
                    indexer.known(path, previous[path].searched)
    return indexer


def reindexed_by(indexer: Indexer, staging: Staging, previous: dict[str, Entry], new: dict[str, Entry], raw: bytes,
                 progress: Progress = SILENT, meanwhile: Callable[[], object] = lambda: None) -> bytes:
    """Finish the index of an edited build (`reindexing`), drop the index files no shard has any more, and return
    the new manifest (the previous one's entries, the new pages', the index's). Raises search.SearchUnavailable
    (the full build then reports it). The manifest's other entries, then `meanwhile()`, are made while the last
    shards index, from `raw`: the previous manifest as it was read (whose entries `previous` holds)."""
    around = spliced_around(raw, new, search.FOLDER)
    if around is None:
        pages = {p: e for p, e in {**previous, **new}.items() if not p.startswith(search.FOLDER)}
        around = manifest_around(pages, search.FOLDER)
    before, after = around
    meanwhile()
    found, _ = indexer.finish(progress)
    for path in stale(previous, found):
        staging.remove(path)
    return before + manifest_lines(found) + after


def reindexed(staging: Staging, previous: dict[str, Entry], new: dict[str, Entry], raw: bytes, language: str,
              jobs: int, progress: Progress = SILENT) -> bytes:
    """Re-index the shards holding the `new` pages, already written, of an edited build; return the new manifest
    (reindexing and reindexed_by, for pages written before the index is asked: the build's thread only waits, and
    gathers the pages itself)."""
    with reindexing(staging, previous, new, language, jobs, apart=False) as indexer:
        for path, entry in new.items():
            indexer.rendered(path, entry.searched)
        return reindexed_by(indexer, staging, previous, new, raw, progress)


def stale(previous: dict[str, Entry], entries: dict[str, Entry]) -> list[str]:
    """Return the index files of the previous output that the new index no longer has."""
    return sorted(path for path in previous if path.startswith(search.FOLDER) and path not in entries)


def _by_shard(previous: dict[str, Entry]) -> dict[str, dict[str, Entry]]:
    """Group the previous index files by shard ('' for the files directly in pagefind/)."""
    found: dict[str, dict[str, Entry]] = {}
    for path, entry in previous.items():
        if path.startswith(search.FOLDER):
            rest = path[len(search.FOLDER):]
            found.setdefault(rest.split("/", 1)[0] if "/" in rest else "", {})[path] = entry
    return found


def _root_files(staging: Staging, old: dict[str, Entry], plan: dict, first: str, first_mark: str,
                reindexed: bool, editions: dict[str, str]) -> dict[str, Entry]:
    """Return the entries of pagefind/shards.json and the UI files copied there from the primary shard."""
    listing = search.shard_list(plan, editions)
    mark = digest(listing + first_mark.encode("utf-8"))
    if old and all(e.fingerprint == mark for e in old.values()) and all(
            staging.reuse(path, e.size) for path, e in old.items()) and not reindexed:
        return old
    entries = {}
    staging.write(search.FOLDER + search.LIST, listing)
    entries[search.FOLDER + search.LIST] = _written(staging, search.FOLDER + search.LIST, mark)
    for name in search.UI_FILES:
        source = _where(staging, f"{search.FOLDER}{first}/{name}")
        if source.is_file():
            shutil.copyfile(source, staging.folder / search.FOLDER / name)
            entries[search.FOLDER + name] = _written(staging, search.FOLDER + name, mark)
    return entries


def _where(staging: Staging, path: str) -> Path:
    return (staging.folder if path in staging.written else staging.out) / path


def _written(staging: Staging, path: str, mark: str) -> Entry:
    staging.wrote(path)
    data = (staging.folder / path).read_bytes()
    return Entry(mark, digest(data), len(data))
