"""Keeping the search index up to date: which shards changed, indexing those, and their manifest entries.

Each shard's files carry one fingerprint: a hash of the generator, the language, whether the shard is
the primary one, and the path and content hash of every page it indexes. A shard whose fingerprint
is unchanged, with its files in place, is kept as it is; the others are indexed again. The same
code serves full builds and quick ones (one brief's text edited), so both give the same bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.builds.manifest import Entry
from generator.builds.write import Staging
from generator.hashing import digest, generator_digest
from generator.progress import SILENT, Progress
from generator.site import search


def refresh(staging: Staging, contents: dict[str, str], previous: dict[str, Entry], language: str,
            jobs: int, progress: Progress = SILENT) -> tuple[dict[str, Entry], int]:
    """Bring the index under pagefind/ up to date with the pages whose content hashes are `contents`.

    `contents` maps every output path of the new site to its content hash; pages written in this
    build are in `staging`, the others in the output. Return the manifest entries of the index's
    files and how many shards were indexed anew. Raises search.SearchUnavailable.
    """
    language, editions = search.parse_spec(language)
    plan = search.shards(contents, editions)
    if not plan:
        return {}, 0
    firsts = search.primaries(plan, editions)
    first = firsts.pop("") if "" in firsts else search.primary(plan)
    generator = generator_digest()
    marks = {name: digest("\n".join([generator, language, search.edition_of(name, editions),
                                     str(name == first or name in firsts.values()),
                                     *(f"{path}\t{contents[path]}" for path in paths)]))
             for name, paths in plan.items()}
    old = _by_shard(previous)
    entries: dict[str, Entry] = {}
    work = {}
    for name, mark in marks.items():
        kept = old.get(name, {})
        if kept and all(e.fingerprint == mark for e in kept.values()) and all(
                staging.reuse(path, e.size) for path, e in kept.items()):
            entries.update(kept)
        else:
            work[name] = [(path, _where(staging, path)) for path in plan[name]]
    folder = staging.folder / search.FOLDER
    for name, files in search.index_shards(work, language, folder, first, jobs, progress, editions,
                                           firsts.values()).items():
        for relative in files:
            entries[search.FOLDER + relative] = _written(staging, search.FOLDER + relative, marks[name])
    entries.update(_root_files(staging, old.get("", {}), plan, first, marks[first], first in work, editions))
    return entries, len(work)


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
