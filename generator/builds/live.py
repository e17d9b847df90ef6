"""Live rebuilds for serve: an edit of existing briefs or policies redone in memory, without loading the site.

serve keeps what its last full build had in memory (Memory: the renderer with the atlas and the
comparison, each page's dependency keys, the digests, the manifest, the state of every content
file). When the only changes are to existing briefs or policies, each still referring to the same
records and (a brief) dated the same, so that no page is added, removed or reordered and no page's
dependency keys change, `Live.update` reads just those files, replaces their records in the atlas
(a policy's comparison cells are derived again for the jurisdictions it applies in), works out the
fingerprints of the pages that depend on the changed keys, and renders those whose fingerprint
changed. It commits the pages a reader is likely looking at (record pages and small pages) at once,
and leaves the large lists and exports to `Live.finish`, which serve runs right after the browser
reloads. Until then the manifest keeps those pages' old fingerprints, so a build interrupted between
the two steps renders them again. After `finish` the output and manifest are byte for byte what a
full build writes (tests/builds/test_live.py compares them). Anything else (a new or removed file,
site.yaml, dimensions, a jurisdiction, the theme, a problem in the file) returns None: the caller
then runs the normal build, which reports problems as it always does.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from generator.builds import inputs
from generator.builds.lock import lock_path, output_lock
from generator.builds.incremental import brief_digest, feed_digest, fingerprint, kind_digest, shared_titles_digest
from generator.builds.manifest import MANIFEST, Entry, replace_entries, with_text
from generator.builds.write import Staging
from generator.compare.derive import rederive
from generator.content import references
from generator.content.cache import FOLDER as CACHE_FOLDER, ParseCache
from generator.content.load import Content, read_records
from generator.hashing import digest
from generator.interrupts import forked_pool, quiet_worker
from generator.site.editionviews import recounted
from generator.site.render import Renderer, TemplateProblem
from generator.site.theme import Theme

OWN_PAGES = {"brief": "b", "policy": "p"}  # an edited record's own page (in each language): rendered before the reload
_KINDS = {"briefs": "brief", "policies": "policy"}


@dataclass(frozen=True)
class Memory:
    """What a full build knew, kept for live rebuilds (full.build with remember=True)."""

    renderer: Renderer
    theme: Theme
    inputs: list  # each page's (identity, settings, dependency keys), in the order of renderer.pages
    digests: dict[str, str]  # by dependency key (incremental.record_digests)
    entries: dict  # the manifest's entries, by output file
    manifest: bytes
    hashes: dict[str, str]  # the hash of each content file's text, by path relative to the content folder
    files: dict[str, str]  # the state of each content file (inputs.file_states)
    taken_ns: int  # when the content folder was scanned for `files`


@dataclass(frozen=True)
class Outcome:
    pages: int  # files the site has
    rendered: int  # of those, rendered now
    later: int  # rendered by finish()
    seconds: float
    changed: frozenset[str] = frozenset()  # the output files whose bytes changed now (not those left for finish())


class Live:
    """The in-memory state of the last build into `out`; update() and finish() may run on different threads."""

    def __init__(self, memory: Memory, source: Path, out: Path, cache: ParseCache, once: bool = False):
        """`once`: for a single redo() (edited.py), which finds the pages of the changed keys by going through every
        page's keys once (0.01 s at 15,000 pages) instead of indexing them all first (0.1 s, then each lookup free)."""
        self.memory, self.source, self.out, self.cache = memory, source, out, cache
        self._folders = tuple(str(folder) for folder in memory.theme.folders)
        self._theme = inputs.theme_digest(self._folders)
        self._by_key = None if once else _pages_by_key(memory.inputs)
        atlas = memory.renderer.atlas
        self._own = {"b": {f"b:{b.slug}": memory.digests[f"b:{b.slug}"] for b in atlas.briefs},
                     "p": {f"p:{p.id}": memory.digests[f"p:{p.id}"] for p in atlas.policies}}
        self._page_of = {(page.kind, page.key, page.lang, page.view): index  # a compare page: once per sector view
                         for index, page in enumerate(memory.renderer.pages)}
        self._pending: tuple[Renderer, list, dict] | None = None  # pages left for finish()
        self._generation = 0  # counts update() calls
        self.why = ""  # why the last update() returned None
        self._failed = False  # finish() could not render its pages: only a normal build can tell why
        self._lock = threading.Lock()
        self.bases: dict[str, str] = {}  # the fingerprint without its text of each brief page planned (quick.py)

    def redo(self, changed: list[str]) -> tuple[Renderer, list, dict, dict] | None:
        """Return the renderer after an edit of these content files, the pages to render (those whose
        fingerprint changed), their fingerprints, and the hash of each content file; None when a full build
        is needed (`why` says why). For a build that renders and commits the pages itself (edited.py)."""
        made = self._remake(changed)
        if made is None:
            return None
        renderer, digests, hashes, keys, _ = made
        soon, later, marks = self._plan(renderer, digests, keys)
        return renderer, soon + later, marks, hashes

    def update(self, hint: set[str] | None = None, viewed: frozenset[str] = frozenset()) -> Outcome | None:
        """Bring the output up to date with the content in memory, or return None when a normal build is needed.

        `hint`, when given, holds every path the operating system reported changed since the last
        update (watch.py); without it, every content file's size and time are compared. The pages
        rendered at once are the edited records' own and those `viewed` (output paths of the pages
        the browsers showed last); the others are left for finish(), after the reload.
        """
        started = time.perf_counter()
        with self._lock:
            self._generation += 1  # a finish() under way stops: its pages are planned again here
            found = self._changed(hint)
            if self._failed:
                return self._fall_back("pages left for later failed to render")
            if found is None:
                return None  # _changed() says why
            changed, restated, taken_ns = found
            memory = self.memory
            soon, later, rewritten = [], [], frozenset()
            if changed:
                made = self._remake(changed)
                if made is None:
                    return None  # _remake() says why
                renderer, digests, hashes, keys, own = made
                soon, later, marks = self._plan(renderer, digests, keys, viewed)
                done = self._commit(renderer, soon, marks, memory.entries, memory.manifest, None)
                if done is None:
                    return self._fall_back("a page failed to render")
                memory = replace(memory, renderer=renderer, digests=digests, hashes=hashes, entries=done[0],
                                 manifest=done[1])
                rewritten = done[2]
                self._own = own
                self._pending = (renderer, later, marks) if later else None
            self.memory = replace(memory, files={**memory.files, **restated}, taken_ns=taken_ns)
            return Outcome(len(memory.renderer.pages), len(soon), len(later), time.perf_counter() - started,
                           rewritten)

    def _fall_back(self, why: str) -> None:
        self.why = why
        return None

    def finish(self) -> frozenset[str]:
        """Render and commit the pages update() left for later; return the output files whose bytes changed.

        The pages are rendered in a forked process, without holding the lock, so an update() that
        comes meanwhile neither waits for them nor competes with them for Python's lock: it takes
        them over, and this call stops without writing anything.
        """
        with self._lock:
            if self._pending is None:
                return frozenset()
            renderer, pages, marks = self._pending
            generation = self._generation
        rendered = _render_apart(renderer, pages, lambda: self._generation != generation)
        with self._lock:
            if self._generation != generation:
                return frozenset()
            self._pending = None
            done = self._commit(renderer, pages, marks, self.memory.entries, self.memory.manifest, rendered)
            if done is None:  # a template failed: the old fingerprints in the manifest make the next build redo them
                self._failed = True
                return frozenset()
            self.memory = replace(self.memory, entries=done[0], manifest=done[1])
            return done[2]

    def _changed(self, hint: set[str] | None) -> tuple[list[str], dict[str, str], int] | None:
        """Return the content files whose text changed, the new state of those read, and when; None to build."""
        taken_ns = inputs.now_ns()
        if inputs.theme_digest(self._folders) != self._theme:
            return self._fall_back("the theme changed")
        files = self.memory.files
        if hint is not None:
            prefix = str(self.source) + os.sep
            relatives = set()
            for path in hint:
                relative = path[len(prefix):].replace(os.sep, "/") if path.startswith(prefix) else None
                if relative is not None and relative not in files and _unread(relative):
                    continue  # an editor's swap or backup file: the loader does not look at it
                if relative is None or (relative not in files and os.path.lexists(path)):
                    return self._fall_back("a new file, or one outside the content folder (the theme)")
                if relative in files:
                    relatives.add(relative)
            stats = {}
            for relative in relatives:
                try:
                    stats[relative] = os.lstat(self.source / relative)
                except FileNotFoundError:
                    return self._fall_back("a file was removed")
            known = {relative: files[relative] for relative in stats}
        else:
            stats, known = inputs.scan(self.source), files
            if stats is None:
                return self._fall_back("the content folder holds a symbolic link")
        record = inputs.Inputs("", "", "", (), "", "", 0, self.memory.taken_ns, known, "")
        found = inputs.changed_files(self.source, record, stats)
        if found is None:
            return self._fall_back("files were added or removed")
        changed = [relative for relative in found[0] if not _unread(relative)]
        if any(relative.split("/")[0] not in _KINDS for relative in changed):
            return self._fall_back("a file other than a brief or policy changed")
        return changed, found[1], taken_ns

    def _remake(self, changed: list[str]):
        """Return the renderer, digests, file hashes, changed keys and own digests after the edit, or None."""
        memory = self.memory
        atlas = memory.renderer.atlas
        files = [(_KINDS[relative.split("/")[0]], self.source / relative) for relative in changed]
        records, problems, hashes = read_records(self.source, files, self.cache)
        if problems or any(record is None for record in records):
            return self._fall_back("a file has a problem")
        briefs, policies = dict(atlas.brief), dict(atlas.policy)
        digests, own = dict(memory.digests), {kind: dict(found) for kind, found in self._own.items()}
        keys: set[str] = set()
        touched: set[str] = set()  # jurisdictions whose comparison cells change
        replaced = []  # (kind, old record, new record): for the editions' count of the records' texts
        redated = False  # a brief's update date changed: which briefs are the newest may have
        for (kind, _), record in zip(files, records):
            if kind == "brief":
                old = briefs.get(record.slug)
                if old is None or not _same_place(old, record):
                    return self._fall_back("a brief's date, draft flag or references changed")
                briefs[record.slug] = record
                replaced.append(("brief", old, record))
                redated = redated or old.updated != record.updated
                own["b"][f"b:{record.slug}"] = digests[f"b:{record.slug}"] = brief_digest(record)
                digests[f"b:{record.slug}:body"] = digest(record.body)
                keys.update((f"b:{record.slug}", f"b:{record.slug}:body", "all:b"))
            else:
                old = policies.get(record.id)
                if old is None or (old.jurisdiction, old.applies_to, old.draft) != (record.jurisdiction,
                                                                                      record.applies_to, record.draft):
                    return self._fall_back("a policy's jurisdiction, applies_to or draft flag changed")
                if memory.renderer.translated("policy", record.id) and _shape(old) != _shape(record):
                    return self._fall_back("a translated policy's events or provisions changed (its translations "
                                           "are checked against them)")
                policies[record.id] = record
                replaced.append(("policy", old, record))
                own["p"][f"p:{record.id}"] = digests[f"p:{record.id}"] = hashes[f"policies/{record.id}.yaml"]
                keys.update((f"p:{record.id}", "all:p"))
                holders = {record.jurisdiction, *record.applies_to}
                touched.update(j for j, chain in atlas.chain.items() if holders.intersection(chain))
        checked = [policies[key[2:]] for key in keys if key.startswith("p:")]
        if checked and references.check(Content(self.source, atlas.site, atlas.dimensions, None, atlas.jurisdictions,
                                                 tuple(checked), ())):
            return self._fall_back("a policy's references have a problem")
        for kind in {key[0] for key in keys if key[1] == ":"}:
            digests[f"all:{kind}"] = kind_digest(own[kind])
        if "all:p" in keys:  # the policy pages are fingerprinted again: those retitled since the state are rendered
            digests["shared:p"] = shared_titles_digest(policies.values())
            keys.add("shared:p")
        atlas = replace(atlas, briefs=tuple(briefs[b.slug] for b in atlas.briefs), brief=MappingProxyType(briefs),
                        policies=tuple(policies[p.id] for p in atlas.policies), policy=MappingProxyType(policies))
        if redated and feed_digest(atlas.briefs) != digests.get("feed:b"):  # the planned feeds would show others
            return self._fall_back("a brief's update date changed which briefs are the newest")
        comparison = memory.renderer.comparison
        if touched:
            comparison = rederive(atlas, comparison, touched)
        renderer = memory.renderer.for_atlas(atlas, comparison)
        if memory.renderer.counted is not None:
            renderer.counted = recounted(memory.renderer.counted, replaced)
        # the change log: the same after a brief's edit; after a policy's, again only where the policy reaches
        renderer.contexts.change_pages.log.carry(memory.renderer.contexts.change_pages.log, frozenset(touched))
        return renderer, digests, {**memory.hashes, **hashes}, keys, own

    def _plan(self, renderer: Renderer, digests: dict[str, str], keys: set[str],
              viewed: frozenset[str] = frozenset()) -> tuple[list, list, dict]:
        """Return the pages to render now and later (those whose fingerprint changed), and their fingerprints.

        Now: the edited records' own pages and the pages in `viewed`; later: the rest."""
        memory = self.memory
        indexes = set()
        if self._pending is not None:  # left for later by the last update, and not done: planned again with these
            indexes.update(self._page_of[(page.kind, page.key, page.lang, page.view)] for page in self._pending[1])
            self._pending = None
        if self._by_key is None:
            indexes.update(index for index, (_, _, page_keys) in enumerate(memory.inputs)
                           if not keys.isdisjoint(page_keys))
        else:
            for key in keys:
                indexes.update(self._by_key.get(key, ()))
        for key in keys:
            if key.startswith("b:") and key.endswith(":body"):
                indexes.update(index for (kind, slug, _, _), index in self._page_of.items()
                               if kind == "brief" and slug == key[2:-5])
        soon, later, marks = [], [], {}
        for index in sorted(indexes):
            page = renderer.pages[index]
            identity, settings, page_keys = memory.inputs[index]
            mark = fingerprint(identity, page_keys, digests, renderer.template_digest(page.kind), settings)
            if page.kind == "brief" and renderer.shows_own_text(page):  # as full.py does
                if not page.lang:
                    self.bases[page.key] = mark
                mark = with_text(mark, digests[f"b:{page.key}:body"])
            old = memory.entries.get(page.output)
            if old is not None and old.fingerprint == mark:
                continue
            marks[page.output] = mark
            own = page.kind in OWN_PAGES and f"{OWN_PAGES[page.kind]}:{page.key}" in keys
            (soon if own or page.output in viewed else later).append(page)
        return soon, later, marks

    def _commit(self, renderer: Renderer, pages: list, marks: dict, entries: dict, manifest: bytes,
                rendered: dict | None) -> tuple[dict, bytes, frozenset[str]] | None:
        """Put `pages` (rendered now unless given) in the output with the manifest updated, in one journaled step;
        return the new entries, the new manifest and the output files whose bytes changed."""
        if rendered is None:
            rendered = {page.output: _render(renderer, page) for page in pages}
        if any(made is None for made in rendered.values()):
            return None
        new = {}
        with output_lock(lock_path(self.out.resolve().parent / CACHE_FOLDER, self.out)), Staging(self.out) as staging:
            for output, (data, body) in sorted(rendered.items()):
                staging.write(output, data)
                new[output] = Entry(marks[output], digest(data), len(data), body)  # serve builds no index
            manifest = replace_entries(manifest, new)
            staging.note(MANIFEST, manifest)
            staging.commit(others_unchanged=True)
        changed = frozenset(o for o, e in new.items() if o not in entries or entries[o].content != e.content)
        return {**entries, **new}, manifest, changed


def _pages_by_key(page_inputs: list) -> dict[str, list[int]]:
    """Return the indexes of the pages that depend on each key, from each page's (identity, settings, keys)."""
    found: dict[str, list[int]] = {}
    for index, (_, _, keys) in enumerate(page_inputs):
        for key in keys:
            found.setdefault(key, []).append(index)
    return found


def _render_apart(renderer: Renderer, pages: list, stopped) -> dict | None:
    """Return what _render gives for each page, rendered in a forked process so that this process's other
    threads (the server's) keep Python's lock; None as soon as `stopped()` is true."""
    if "fork" not in multiprocessing.get_all_start_methods():
        found = {}
        for page in pages:
            if stopped():
                return None
            found[page.output] = _render(renderer, page)
        return found
    with forked_pool(1, _adopt, (renderer, pages)) as pool:
        result = pool.apply_async(_render_adopted)
        while not result.ready():
            if stopped():
                return None  # leaving the block ends the process
            result.wait(0.05)
            pool.raise_if_lost()
        return None if stopped() else result.get()


_adopted: tuple | None = None  # set only in the forked process


def _adopt(renderer: Renderer, pages: list) -> None:
    global _adopted
    quiet_worker()
    _adopted = (renderer, pages)


def _render_adopted() -> dict:
    renderer, pages = _adopted
    return {page.output: _render(renderer, page) for page in pages}


def _render(renderer: Renderer, page) -> tuple[bytes, tuple[int, int] | None] | None:
    """Return a page's bytes and where a brief's text lies in them (as workers.py writes them); None if it failed."""
    try:
        return renderer.render_with_body(page)
    except TemplateProblem:
        return None


def _unread(relative: str) -> bool:
    """Return whether the loader passes over this file of a record folder without a word (load._Reader.files)."""
    folder, _, name = relative.partition("/")
    if "/" in name or folder not in _KINDS:
        return False
    suffix = name[name.rfind("."):] if "." in name else ""
    return (name.startswith(".") or name.endswith("~")
            or suffix not in (".md" if folder == "briefs" else ".yaml", ".yml", ".markdown", ".json", ".txt"))


def _same_place(old, new) -> bool:
    """Return whether an edited brief keeps its place: same date and the same records referred to, in order."""
    def targets(brief):
        return tuple(dict.fromkeys([*brief.jurisdictions, *brief.policies, *(link.target for link in brief.links)]))
    return old.date == new.date and old.draft == new.draft and targets(old) == targets(new)


def _shape(policy) -> tuple:
    """Return what a policy's translations are checked against (translations._check_policy): how many events it
    has, and how many provisions on each dimension."""
    counts: dict[str, int] = {}
    for provision in policy.provisions:
        counts[provision.dimension] = counts.get(provision.dimension, 0) + 1
    return len(policy.history), sorted(counts.items())
