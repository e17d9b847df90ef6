"""A brief's title or summary edited: its search shard indexed while the state is still being read.

An edited build (edited.py) is mostly serial: the quick check, the state (a quarter of a second at 10,000
briefs), the plan, the brief's page, and only then Pagefind on the page's shard, beside the other pages that
show the brief. What Pagefind will read of the page can be foreseen, though, when only the title or the summary
changed: the page as it is, with the old title and summary (as the page shows them, escaped) put in the new
ones' places. So right after the quick check, `start` indexes the shard with that page in a thread, Pagefind held
to one core (on two cores a second thread of Pagefind slows the state's unpickling more than it gains), while
the build reads the state on the other; the build then goes on as always. When the page has rendered and its
shard's fingerprint (searching.shard_mark: every page's searched hash, the language, the runtime) is the one
foreseen, the Indexer takes this index instead of running Pagefind again (`Early.take`, `Early.into`); otherwise
it is dropped. The index is therefore always what Pagefind makes of the pages as rendered; a wrong guess (the
authors edited too, say) costs a Pagefind run on the core the state's reading leaves idle.
"""

from __future__ import annotations

import re
import shutil
import threading
from concurrent.futures import Future, wait
from pathlib import Path

from markupsafe import escape

from generator.builds.inputs import BriefPage, Inputs, replace_file
from generator.builds.manifest import Entry, with_text
from generator.builds.searching import runtime_shards, shard_mark
from generator.builds.write import Staging
from generator.content.textfiles import read_text, split_front_matter
from generator.content.yamlload import parse_yaml
from generator.hashing import digest, generator_digest
from generator.site import search, searchreuse

FOLDER = ".policy-atlas-early-index"  # in the staging folder: its contents are never moved into the output
FORESEEN = "foreseen.html"  # beside the shard's index in FOLDER: the edited brief's page as foreseen (_foreseen)
PLAN = "search-shards.tsv"  # in the record folder: the full build's shards, a line each ("name\tpage\tpage...")


class Early:
    """One shard being indexed ahead of the build: its name, its foreseen fingerprint, and Pagefind's run."""

    def __init__(self, name: str, mark: str, folder: Path, seeded: dict[str, int]):
        self.name, self.mark, self.folder, self.seeded = name, mark, folder, seeded
        self.run: Future = Future()  # the index's files (search.index_gathered), or what its run raised
        self.taken = False

    def take(self, name: str, mark: str) -> bool:
        """Return whether this is the index of shard `name` with the fingerprint `mark`; if so it is taken: `into`
        is to be called, and `close` leaves its files to it."""
        if self.taken or name != self.name or mark != self.mark:
            return False
        self.taken = True
        return True

    def into(self, target: Path) -> list[str]:
        """Wait for the run, put its index at `target` (the shard's folder in the staging folder) and return its
        files, as search.index_pages does. Raises what the run raised (search.SearchUnavailable)."""
        files = self.run.result()
        target.parent.mkdir(parents=True, exist_ok=True)
        self.folder.rename(target)  # the same file system: the seeded files keep their inodes (searchreuse.linked)
        return files

    def close(self) -> None:
        """Wait for the run and remove what it wrote, unless the Indexer took it (before the commit, which removes
        the staging folder: Pagefind must not be writing into it then)."""
        wait([self.run])
        if not self.taken:
            shutil.rmtree(self.folder.parent, ignore_errors=True)

    def _index(self, pages: list[tuple[str, Path]], near: Path, language: str, runtime: bool) -> None:
        try:
            self.run.set_result(search.index_pages(pages, near, language, self.folder, runtime, bool(self.seeded),
                                                   one_thread=True))
        except BaseException as error:  # noqa: BLE001 - handed to the thread that takes the index
            self.run.set_exception(error)


def keep_plan(record_folder: Path, plan: dict[str, tuple[str, ...]]) -> None:
    """Record a full build's search shards (searching.Indexer.plan) for the edits that follow: an edit changes no
    page's path, so the shards stay the same until the next full build."""
    lines = ("\t".join((name, *paths)) + "\n" for name, paths in plan.items())
    replace_file(record_folder, PLAN, "".join(lines).encode("utf-8"))


def start(staging: Staging, source: Path, record: Inputs, entries: dict[str, Entry],
          changed: list[str]) -> Early | None:
    """Start indexing the shard of the one brief in `changed` whose title or summary changed since the record, its
    text as it was; None when that is not the case (`entries`: the output's manifest, every file found in place)."""
    if len(changed) != 1 or not changed[0].startswith("briefs/") or not record.language or record.folder is None:
        return None
    relative = changed[0]
    page = record.brief_page(relative)
    entry = entries.get(page.output) if page else None
    if entry is None:
        return None
    data = _foreseen(source / relative, relative, page, entry, staging.out)
    found = _shard(record.folder, page.output) if data is not None else None
    if found is None or any(path not in entries for path in found[1]):
        return None
    name, pages, names = found
    default, editions = search.parse_spec(record.language)
    first, firsts = runtime_shards(names, editions)
    runtime = name == first or name in firsts
    prefix = search.edition_of(name, editions)
    searched = search.searched_digest(page.output, "", data) or digest(data)  # as workers.Written.searched
    mark = shard_mark(generator_digest(), default, prefix, runtime,
                      ((path, searched if path == page.output else entries[path].searched) for path in pages))
    folder = staging.folder / FOLDER / name
    shard = f"{search.FOLDER}{name}/"
    foreseen = folder.parent / FORESEEN
    try:  # a guess, never a reason for the build to fail: a disk full here leaves the shard to the Indexer
        folder.parent.mkdir(parents=True, exist_ok=True)
        seeded = searchreuse.seed(folder, ((path[len(shard):], staging.out / path) for path, e in entries.items()
                                           if path.startswith(shard) and staging.intact(path, e.size)))
        foreseen.write_bytes(data)
    except OSError:
        shutil.rmtree(folder.parent, ignore_errors=True)
        return None
    early = Early(name, mark, folder, seeded)
    pages = [(path, foreseen if path == page.output else staging.out / path) for path in pages]
    # gathered and indexed by a process apart (search.index_pages): neither this thread nor that one makes the
    # shard's few hundred folders while the state is read
    threading.Thread(target=early._index, args=(pages, staging.folder, editions[prefix] if prefix else default,
                                                runtime), name="early-index", daemon=True).start()
    return early


def _shard(record_folder: Path, output: str) -> tuple[str, list[str], list[str]] | None:
    """Return the name and pages of the recorded shard (keep_plan) holding page `output`, and every shard's name."""
    try:
        raw = (record_folder / PLAN).read_bytes()
    except OSError:
        return None
    needle = f"\t{output}".encode("utf-8")
    at = raw.find(needle + b"\t")
    at = at if at >= 0 else raw.find(needle + b"\n")
    if at < 0:
        return None
    try:  # a damaged file is no plan: the build goes on without the early index
        line = raw[raw.rfind(b"\n", 0, at) + 1:raw.index(b"\n", at)].decode("utf-8").split("\t")
        names = [row.split(b"\t", 1)[0].decode("utf-8") for row in raw.splitlines()]
    except ValueError:
        return None
    return line[0], line[1:], names


def _foreseen(path: Path, shown: str, page: BriefPage, entry: Entry, out: Path) -> bytes | None:
    """Return the brief's page as it is in `out`, with its title and summary (as the page shows them, escaped) replaced
    by the file's, if the file's text is the page's (the fingerprint says) and either of them differs; else None."""
    text, _ = read_text(path, shown)
    if text is None:
        return None
    front, body, _, _ = split_front_matter(text, shown)
    if front is None or with_text(page.base, digest(body)) != entry.fingerprint:
        return None
    located, problems = parse_yaml(front, shown, line_offset=1)
    data = located.data if located is not None and not problems else None
    if not isinstance(data, dict):
        return None
    replaced = {}
    for field, before in (("title", page.title), ("summary", page.summary)):
        now = data.get(field)
        if not isinstance(now, str) or not before:
            return None
        if now.strip() != before:  # records.brief_from strips both
            replaced[str(escape(before)).encode("utf-8")] = str(escape(now.strip())).encode("utf-8")
    try:
        old = (out / page.output).read_bytes()
    except OSError:
        return None
    if not replaced or digest(old) != entry.content or not all(before in old for before in replaced):
        return None
    # one pass: a new title that holds the old summary's words (or the reverse) is not replaced again
    found = re.compile(b"|".join(re.escape(before) for before in sorted(replaced, key=len, reverse=True)))
    return found.sub(lambda match: replaced[match.group(0)], old)
