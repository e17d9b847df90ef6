"""Stage 6b: the full-text search index, built by Pagefind from the rendered pages, in shards.

Pagefind cannot update an index in place, and indexing 10,000 pages takes seconds. So the pages are
split into shards, each its own Pagefind bundle under `pagefind/<shard>/`: a section of the site
(`briefs`, `policies`, `jurisdictions`, `compare`; the small ones together as `site`, a further language's
as `zh`), and a large section further by a stable hash of each page's path (`briefs-7`): at most about
SHARD_PAGES pages a shard, MIXED_PAGES for the small sections together and for a further language, whose
aggregate pages are large. An edit re-indexes only the shards holding a
changed page. In the browser, Pagefind's `mergeIndex` searches every shard and ranks the results
as one list (`static/search.js` reads the shard list from `pagefind/shards.json`).

Only the primary shard keeps Pagefind's runtime (its scripts and WebAssembly); the others hold just
their index, which is all a merged index loads. The runtime's UI files are also copied to
`pagefind/`, so pages can load them from one address whatever the shards are.

The Pagefind command line indexes a folder natively and is called directly (the binary that the
`pagefind[bin]` package ships); its Python API answers each added page after a polling delay,
far too slow for 10,000 pages. The pages of a shard are hard-linked into a scratch folder (some are
new, in staging; some are kept, in the output) and indexed in one run; for a summary edit, whose build reads
its state or renders meanwhile, both in a process apart (searchjob.py, `index_pages`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterable

from generator.site import searchjob, searchreuse
from generator.site.searchtext import EXCLUDED_IDS, indexed_digest

FOLDER = "pagefind/"
MIXED = "site"  # the shards of the small sections together
LIST = "shards.json"
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")
SHARD_PAGES = 400  # a section larger than this is split, so that re-indexing one shard stays well under a second
# The small sections together, and a further language's pages, are split further: they hold the large pages
# (jurisdictions and dimensions, 100-600 KB each), where 250 of them took Pagefind 3.4 s. 64 since a jurisdiction
# page's folded layers and lists are no longer indexed (half its cost): a shard takes as long as one of 32 did, and
# a reader's first search loads half as many (the shipped site: 8 shards, not 16; docs/performance.md).
MIXED_PAGES = 64
TIMEOUT = 600
SCRATCH = ".policy-atlas-search-"  # the prefix of a shard's scratch folder (gather)
_JOB = Path(searchjob.__file__)  # the script index_pages runs
INDEX_PARTS = ("index", "fragment", "filter")  # what a merged (not primary) shard needs besides its entry and meta
# Pages left out of the index (their paths under a language prefix too): the error page and the search page,
# and the aggregate pages, which show again what the record pages show (every brief's summary, every cell's rule,
# every change). A search should lead to the brief, the policy, the jurisdiction or the dimension itself; these
# matched nearly every query, changed with every summary edited, and were a third of Pagefind's work.
UNINDEXED = re.compile(r"404\.html|(?:search|research|briefs|briefs/page/\d+|policies|jurisdictions|timeline|changes"
                       r"|changes/\d+|compare|compare/overview|compare/side-by-side)/index\.html")
# Not indexed: the citation block (permalink, APA, BibTeX, CSL-JSON), the same words on every page and two fifths
# of a brief page's indexed text; a search for a page's words should not match its citation. (`#cite` alone
# would leave the text of its textareas indexed.)
EXCLUDED = ", ".join(f"#{i}, #{i} *" for i in sorted(ident.decode() for ident in EXCLUDED_IDS))  # "#cite, #cite *"
HYPOTHETICAL = "if-enacted"  # urls.if_enacted, urls.if_enacted_dimension
SECTOR_FOLDERS = ("public", "private")  # compare/public/, compare/<dimension>/private/: urls.compare, urls.dimension


class SearchUnavailable(Exception):
    """Pagefind is not installed, or its indexer failed."""


def indexed(output: str, editions: Iterable[str] = ()) -> bool:
    """Return whether a page at this output path goes into the search index (`editions`: the language prefixes).

    A compare or dimension page for one sector repeats the page for all sectors: only that one is indexed.
    The "if enacted" pages (compare/if-enacted/, compare/<dimension>/if-enacted/<policy>/) are hypothetical
    copies of the comparison: a search should lead to the law as it stands, and the proposal's own page.
    """
    head, _, rest = output.partition("/")
    if not output.endswith(".html") or UNINDEXED.fullmatch(rest if head in editions else output):
        return False
    parts = output.split("/")  # compare/public/index.html, compare/consent/private/index.html, zh/compare/public/...
    if HYPOTHETICAL in parts[:-1]:
        return False
    return not (parts[-2:-1] and parts[-2] in SECTOR_FOLDERS and "compare" in parts[:-2])


def searched_digest(output: str, lang: str, data: bytes) -> str | None:
    """Return the hash of what the index reads of the page at `output` (searchtext.indexed_digest): None for a page
    the index leaves out, or one it reads whole. `lang`: the page's further language, "" for the default (a
    further language's pages lie under its prefix)."""
    return indexed_digest(data) if searched(output, lang) else None


def searched(output: str, lang: str) -> bool:
    """Return whether the index reads the page at `output` (`lang` as for searched_digest)."""
    return indexed(output, (output.split("/", 1)[0],) if lang else ())


def language_spec(default: str, editions: dict[str, str]) -> str:
    """Return the languages of an index as one string, 'en;zh=zh-Hans': the default, then prefix=code each."""
    return ";".join([default, *(f"{prefix}={code}" for prefix, code in sorted(editions.items()))])


def parse_spec(spec: str) -> tuple[str, dict[str, str]]:
    """Return the default language and {prefix: code} of a language_spec string."""
    default, *rest = spec.split(";")
    return default, dict(part.split("=", 1) for part in rest)


def edition_of(shard: str, editions: dict[str, str]) -> str:
    """Return the prefix of the further language a shard belongs to, or '' for the default language."""
    head = shard if shard in editions else shard.rsplit("-", 1)[0]
    return head if head in editions else ""


def shards(outputs: Iterable[str], separate: Iterable[str] = ()) -> dict[str, tuple[str, ...]]:
    """Return shard name -> the output paths it indexes, for every indexed page, in a stable order.

    The pages of each further language (under a prefix in `separate`) get shards of their own: Pagefind
    indexes each shard in one language, and Chinese needs its own segmentation.
    """
    separate = set(separate)
    sections: dict[str, list[str]] = {}
    for output in sorted(o for o in outputs if indexed(o, separate)):
        head = output.split("/", 1)[0] if "/" in output else MIXED
        sections.setdefault(head, []).append(output)
    grouped: dict[str, list[str]] = {}
    for head, paths in sections.items():
        grouped.setdefault(head if len(paths) >= SHARD_PAGES or head in separate else MIXED, []).extend(paths)
    found: dict[str, list[str]] = {}
    for head, paths in grouped.items():
        count = _split(len(paths), MIXED_PAGES if head == MIXED or head in separate else SHARD_PAGES)
        for path in paths:
            name = head if count == 1 else f"{head}-{_bucket(path, count)}"
            found.setdefault(name, []).append(path)
    return {name: tuple(sorted(paths)) for name, paths in sorted(found.items())}


def primary(names: Iterable[str]) -> str:
    """Return the shard that carries Pagefind's runtime: `site` when there is one, else the first."""
    names = sorted(names)
    return MIXED if MIXED in names else (next((n for n in names if n.startswith(MIXED + "-")), names[0]))


def primaries(names: Iterable[str], editions: dict[str, str]) -> dict[str, str]:
    """Return each language's primary shard (the one with Pagefind's runtime), by prefix ('' the default)."""
    groups: dict[str, list[str]] = {}
    for name in sorted(names):
        groups.setdefault(edition_of(name, editions), []).append(name)
    return {prefix: primary(group) for prefix, group in groups.items()}


def shard_list(names: Iterable[str], editions: dict[str, str] | None = None) -> bytes:
    """Return the bytes of pagefind/shards.json: the primary bundle and the bundles merged into it.

    Each further language has its own under "languages", by its code: a page searches its language's.
    """
    editions = editions or {}
    groups: dict[str, list[str]] = {}
    for name in sorted(names):
        groups.setdefault(edition_of(name, editions), []).append(name)

    def listing(group: list[str]) -> dict:
        first = primary(group)
        return {"primary": first + "/", "merge": [n + "/" for n in group if n != first]}

    data = listing(groups.pop("", None) or sorted(names))
    if groups:
        data["languages"] = {editions[prefix]: listing(group) for prefix, group in sorted(groups.items())}
    return (json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _split(count: int, most: int) -> int:
    """Return how many hash buckets a group of `count` pages gets, at most `most` pages each on average: a power
    of two, so it rarely changes."""
    buckets = 1
    while count > buckets * most:
        buckets *= 2
    return buckets


def _bucket(path: str, count: int) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode("utf-8"), digest_size=4).digest(), "big") % count


def index(pages: Iterable[tuple[str, Path]], language: str, output: Path, runtime: bool = True) -> list[str]:
    """Index (output path, file) pages into `output`; return the index files' relative paths."""
    return index_pages(pages, output.parent.parent, language, output, runtime)


def index_pages(pages: Iterable[tuple[str, Path]], near: Path, language: str, output: Path, runtime: bool = True,
                seeded: bool = False, one_thread: bool = False) -> list[str]:
    """Index the (output path, file) pages of one shard into `output` as index_gathered does, the pages gathered in
    a scratch folder in `near` and indexed by a process apart (searchjob.py); return the index files' relative
    paths. The calling thread only waits: it can be any thread of the build."""
    pages = [(relative, str(source)) for relative, source in pages]
    if not sys.executable or not _JOB.is_file():  # an embedded Python, with no executable to start, or this package
        # in a zip file, with no script to run: gathered and indexed from here
        return index_gathered(gather(pages, near), language, output, runtime, seeded, one_thread)
    _index_apart(pages, near, output, language, one_thread)
    if seeded:
        try:
            searchreuse.prune(output)
        except ValueError:  # its metadata unreadable: index the shard again from nothing
            shutil.rmtree(output)
            _index_apart(pages, near, output, language, one_thread)
    return _kept(output, runtime)


def _index_apart(pages: list[tuple[str, str]], near: Path, output: Path, language: str, one_thread: bool) -> None:
    try:
        scratch = Path(tempfile.mkdtemp(prefix=SCRATCH, dir=near))
    except OSError as error:
        raise SearchUnavailable(f"the pages could not be gathered: {error}") from error
    job = {"scratch": str(scratch), "pages": pages, "command": _command(scratch, output, language),
           "timeout": TIMEOUT}
    try:
        result = subprocess.run([sys.executable, "-I", "-S", str(_JOB)], input=json.dumps(job),
                                capture_output=True, text=True, timeout=TIMEOUT + 60, env=_environment(one_thread))
    except (OSError, subprocess.TimeoutExpired) as error:
        shutil.rmtree(scratch, ignore_errors=True)
        raise SearchUnavailable(f"Pagefind could not run: {error}") from error
    _check(result, apart=True)


def gather(pages: Iterable[tuple[str, Path]], near: Path) -> Path:
    """Hard-link (or copy) the (output path, file) pages of one shard into a new scratch folder in `near`;
    return it, for index_gathered.

    A full build (builds/searching.py) gathers a shard in its own thread and indexes it in another: a thread making
    hundreds of links waits for Python's lock at each while the build's thread renders (0.06-0.16 s for 325
    pages, against 0.02 s). An edit's shards are gathered by the process that indexes them (index_pages)."""
    scratch = Path(tempfile.mkdtemp(prefix=SCRATCH, dir=near))
    try:
        searchjob.gather(str(scratch), pages)  # the job's own gathering, here in this process
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return scratch


def index_gathered(scratch: Path, language: str, output: Path, runtime: bool = True, seeded: bool = False,
                   one_thread: bool = False) -> list[str]:
    """Index the pages `gather` put into `scratch` into `output`, then remove `scratch`; return the index files'
    relative paths. Without `runtime`, only what a merged index loads is kept. `seeded`: `output` holds the
    shard's previous files (searchreuse.seed); those the new index does not name are removed. `one_thread`:
    Pagefind works on one core (the same index, more slowly), leaving the other to the build."""
    try:
        _run(scratch, output, language, one_thread)
        if seeded:
            try:
                searchreuse.prune(output)
            except ValueError:  # its metadata unreadable: index the shard again from nothing
                shutil.rmtree(output)
                _run(scratch, output, language, one_thread)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return _kept(output, runtime)


def _kept(output: Path, runtime: bool) -> list[str]:
    """Remove from a shard's index in `output` what a merged index does not load, unless it carries the `runtime`;
    return its files' relative paths."""
    if not runtime:
        for path in output.iterdir():
            if path.is_file() and not (path.name == "pagefind-entry.json" or path.suffix == ".pf_meta"):
                path.unlink()
            elif path.is_dir() and path.name not in INDEX_PARTS:
                shutil.rmtree(path)
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())


def _run(site: Path, output: Path, language: str, one_thread: bool = False) -> None:
    try:
        result = subprocess.run(_command(site, output, language), capture_output=True, text=True, timeout=TIMEOUT,
                                env=_environment(one_thread))
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchUnavailable(f"Pagefind could not run: {error}") from error
    _check(result)


def _command(site: Path, output: Path, language: str) -> list[str]:
    return [*_pagefind(), "--site", str(site), "--output-path", str(output), "--root-selector", "main",
            "--exclude-selectors", EXCLUDED, "--force-language", language.split("-")[0], "--silent"]


def _environment(one_thread: bool) -> dict[str, str] | None:
    return {**os.environ, "RAYON_NUM_THREADS": "1"} if one_thread else None  # its thread pool's size


def _check(result: subprocess.CompletedProcess, apart: bool = False) -> None:
    """Raise SearchUnavailable, saying why, if Pagefind (or, `apart`, the job that ran it: searchjob.py) failed."""
    if apart and result.returncode == searchjob.GATHER_FAILED:
        raise SearchUnavailable(result.stderr.strip().splitlines()[-1])
    if apart and result.returncode == searchjob.TIMED_OUT:
        raise SearchUnavailable(f"Pagefind could not run: it took longer than {TIMEOUT} s")
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        if "No module named pagefind" in (result.stderr or ""):
            raise SearchUnavailable("the search index needs Pagefind: pip install 'pagefind[bin]'")
        raise SearchUnavailable(f"Pagefind failed: {message[-1] if message else result.returncode}")


@functools.lru_cache(maxsize=1)
def _pagefind() -> tuple[str, ...]:
    """Return the command that runs Pagefind: its binary when the package ships one (no Python start-up). Looked
    for once a process, not once a shard.

    Pagefind Extended (pagefind[extended]) is preferred: it segments Chinese and Japanese into words.
    """
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        found = _binary(module)
        if found is not None:
            return (found,)
    return (sys.executable, "-m", "pagefind")


def _binary(module: str) -> str | None:
    """Return the Pagefind binary that the package `module` ships, or None (no such package, or no binary for this
    platform). Looked for where the package's own get_executable looks (its folder, "pagefind_extended" first), but
    without importing it: that imports logging and platform, 0.01 s of an edited build's, taken from the state's
    unpickling on the other thread (earlyindex.py)."""
    from importlib.util import find_spec

    try:
        spec = find_spec(module)
    except (ImportError, ValueError):
        spec = None
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    suffixes = ("", ".exe") if os.name == "nt" else ("",)
    for folder in folders:
        for name in ("pagefind_extended", "pagefind"):
            for suffix in suffixes:
                path = os.path.join(folder, name + suffix)
                if os.path.isfile(path):
                    return path
    if spec is None:
        return None
    try:  # installed, but not as files in a folder (a zip, say): the package's own function finds the binary
        return str(__import__(module).get_executable())
    except Exception:  # noqa: BLE001 - no binary for this platform
        return None


