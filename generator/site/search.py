"""Stage 6b: the full-text search index, built by Pagefind from the rendered pages, in shards.

Pagefind cannot update an index in place, and indexing 10,000 pages takes seconds. So the pages are
split into shards, each its own Pagefind bundle under `pagefind/<shard>/`: a section of the site
(`briefs`, `policies`, `jurisdictions`, `compare`; the small ones together as `site`), and a large
section further by a stable hash of each page's path. An edit re-indexes only the shards holding a
changed page. In the browser, Pagefind's `mergeIndex` searches every shard and ranks the results
as one list (`static/search.js` reads the shard list from `pagefind/shards.json`).

Only the primary shard keeps Pagefind's runtime (its scripts and WebAssembly); the others hold just
their index, which is all a merged index loads. The runtime's UI files are also copied to
`pagefind/`, so pages can load them from one address whatever the shards are.

The Pagefind command line indexes a folder natively and is called directly (the binary that the
`pagefind[bin]` package ships); its Python API answers each added page after a polling delay,
far too slow for 10,000 pages. The pages of a shard are hard-linked into a scratch folder (some are
new, in staging; some are kept, in the output) and indexed in one run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable

FOLDER = "pagefind/"
LIST = "shards.json"
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")
SHARD_PAGES = 400  # a section larger than this is split, so that re-indexing one shard stays well under a second
TIMEOUT = 600
INDEX_PARTS = ("index", "fragment", "filter")  # what a merged (not primary) shard needs besides its entry and meta
UNINDEXED = ("404.html", "search/index.html", "research/index.html")  # pages that would only add noise to results
SECTOR_FOLDERS = ("public", "private")  # compare/public/, compare/<dimension>/private/: urls.compare, urls.dimension


class SearchUnavailable(Exception):
    """Pagefind is not installed, or its indexer failed."""


def indexed(output: str) -> bool:
    """Return whether a page at this output path goes into the search index.

    A compare or dimension page for one sector repeats the page for all sectors: only that one is indexed.
    """
    if not output.endswith(".html") or any(output == p or output.endswith("/" + p) for p in UNINDEXED):
        return False
    parts = output.split("/")
    return not (parts[0] == "compare" and len(parts) > 2 and parts[-2] in SECTOR_FOLDERS)


def shards(outputs: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Return shard name -> the output paths it indexes, for every indexed page, in a stable order."""
    sections: dict[str, list[str]] = {}
    for output in sorted(o for o in outputs if indexed(o)):
        head = output.split("/", 1)[0] if "/" in output else "site"
        sections.setdefault(head, []).append(output)
    grouped: dict[str, list[str]] = {}
    for head, paths in sections.items():
        grouped.setdefault(head if len(paths) >= SHARD_PAGES else "site", []).extend(paths)
    found: dict[str, list[str]] = {}
    for head, paths in grouped.items():
        count = _split(len(paths))
        for path in paths:
            name = head if count == 1 else f"{head}-{_bucket(path, count)}"
            found.setdefault(name, []).append(path)
    return {name: tuple(sorted(paths)) for name, paths in sorted(found.items())}


def primary(names: Iterable[str]) -> str:
    """Return the shard that carries Pagefind's runtime: `site` when there is one, else the first."""
    names = sorted(names)
    return "site" if "site" in names else (next((n for n in names if n.startswith("site-")), names[0]))


def shard_list(names: Iterable[str]) -> bytes:
    """Return the bytes of pagefind/shards.json: the primary bundle and the bundles merged into it."""
    names = sorted(names)
    first = primary(names)
    return (json.dumps({"primary": first + "/", "merge": [n + "/" for n in names if n != first]},
                       sort_keys=True, indent=1) + "\n").encode("utf-8")


def _split(count: int) -> int:
    """Return how many hash buckets a section of `count` pages gets: a power of two, so it rarely changes."""
    buckets = 1
    while count > buckets * SHARD_PAGES:
        buckets *= 2
    return buckets


def _bucket(path: str, count: int) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode("utf-8"), digest_size=4).digest(), "big") % count


def index_shards(work: dict[str, Iterable[tuple[str, Path]]], language: str, output: Path, first: str,
                 jobs: int = 1) -> dict[str, list[str]]:
    """Index each shard's (output path, file) pages into output/<shard>/, `jobs` shards at a time.

    Return each shard's files, relative to `output`. The primary shard `first` keeps the runtime.
    """
    def one(name: str) -> list[str]:
        return index(work[name], language, output / name, runtime=name == first)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        found = dict(zip(work, pool.map(one, work)))
    return {name: [f"{name}/{path}" for path in files] for name, files in found.items()}


def index(pages: Iterable[tuple[str, Path]], language: str, output: Path, runtime: bool = True) -> list[str]:
    """Index (output path, file) pages into `output`; return the index files' relative paths."""
    scratch = Path(tempfile.mkdtemp(prefix=".policy-atlas-search-", dir=output.parent.parent))
    try:
        for relative, source in pages:
            target = scratch / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        _run(scratch, output, language)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if not runtime:
        for path in output.iterdir():
            if path.is_file() and not (path.name == "pagefind-entry.json" or path.suffix == ".pf_meta"):
                path.unlink()
            elif path.is_dir() and path.name not in INDEX_PARTS:
                shutil.rmtree(path)
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())


def _run(site: Path, output: Path, language: str) -> None:
    command = [*_pagefind(), "--site", str(site), "--output-path", str(output), "--root-selector", "main",
               "--force-language", language.split("-")[0], "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchUnavailable(f"Pagefind could not run: {error}") from error
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        if "No module named pagefind" in (result.stderr or ""):
            raise SearchUnavailable("the search index needs Pagefind: pip install 'pagefind[bin]'")
        raise SearchUnavailable(f"Pagefind failed: {message[-1] if message else result.returncode}")


def _pagefind() -> list[str]:
    """Return the command that runs Pagefind: its binary when the package ships one (no Python start-up)."""
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except Exception:  # no binary package, or none for this platform: let the module find one
        return [sys.executable, "-m", "pagefind"]


