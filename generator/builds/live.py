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

import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from generator.builds import inputs
from generator.builds.incremental import brief_digest, fingerprint, kind_digest
from generator.builds.manifest import MANIFEST, Entry, replace_entries, with_text
from generator.builds.workers import render_pages
from generator.builds.write import Staging
from generator.compare.derive import rederive
from generator.content import references
from generator.content.cache import ParseCache
from generator.content.load import Content, read_records
from generator.hashing import digest
from generator.site.render import Renderer
from generator.site.theme import Theme

SOON_KINDS = frozenset({"brief", "policy", "jurisdiction"})  # a record's page: rendered before the reload
SOON_BYTES = 64_000  # other pages at most this large (as last written) are rendered before the reload too
_KINDS = {"briefs": "brief", "policies": "policy"}


@dataclass(frozen=True)
class Memory:
    """What a full build knew, kept for live rebuilds (full.build with remember=True)."""

    renderer: Renderer
    theme: Theme
    keys: list  # each page's dependency keys, in the order of renderer.pages
    digests: dict[str, str]  # by dependency key (incremental.record_digests)
    settings: str
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


class Live:
    """The in-memory state of the last build into `out`; update() and finish() may run on different threads."""

    def __init__(self, memory: Memory, source: Path, out: Path, cache: ParseCache):
        self.memory, self.source, self.out, self.cache = memory, source, out, cache
        self._folders = tuple(str(folder) for folder in memory.theme.folders)
        self._theme = inputs.theme_digest(self._folders)
        self._by_key: dict[str, list[int]] = {}
        for index, keys in enumerate(memory.keys):
            for key in keys:
                self._by_key.setdefault(key, []).append(index)
        atlas = memory.renderer.atlas
        self._own = {"b": {f"b:{b.slug}": memory.digests[f"b:{b.slug}"] for b in atlas.briefs},
                     "p": {f"p:{p.id}": memory.digests[f"p:{p.id}"] for p in atlas.policies}}
        self._page_of = {(page.kind, page.key): index for index, page in enumerate(memory.renderer.pages)}
        self._pending: tuple[Renderer, list, dict] | None = None
        self._failed = False  # finish() could not render its pages: only a normal build can tell why
        self._lock = threading.Lock()

    def update(self) -> Outcome | None:
        """Bring the output up to date with the content in memory, or return None when a normal build is needed."""
        started = time.perf_counter()
        with self._lock:
            self._finish()
            if self._failed:
                return None
            taken_ns, stats = inputs.now_ns(), inputs.scan(self.source)
            if stats is None or inputs.theme_digest(self._folders) != self._theme:
                return None
            record = inputs.Inputs("", "", "", (), "", "", 0, self.memory.taken_ns, self.memory.files, "")
            found = inputs.changed_files(self.source, record, stats)
            if found is None:
                return None
            changed, restated = found
            if any(relative.split("/")[0] not in _KINDS for relative in changed):
                return None
            memory = self.memory
            if changed:
                made = self._remake(changed)
                if made is None:
                    return None
                renderer, digests, hashes, keys, own = made
                soon, later, marks = self._plan(renderer, digests, keys)
                entries = self._commit(renderer, soon, marks, memory.entries, memory.manifest)
                if entries is None:
                    return None
                entries, manifest = entries
                memory = replace(memory, renderer=renderer, digests=digests, hashes=hashes, entries=entries,
                                 manifest=manifest)
                self._own = own
                self._pending = (renderer, later, marks) if later else None
            else:
                soon, later = [], []
            self.memory = replace(memory, files={**memory.files, **restated}, taken_ns=taken_ns)
            return Outcome(len(memory.renderer.pages), len(soon), len(later), time.perf_counter() - started)

    def finish(self) -> bool:
        """Render and commit the pages update() left for later; return whether there were any."""
        with self._lock:
            return self._finish()

    def _finish(self) -> bool:
        if self._pending is None:
            return False
        renderer, later, marks = self._pending
        self._pending = None
        done = self._commit(renderer, later, marks, self.memory.entries, self.memory.manifest)
        if done is None:  # a template failed on these pages: their old fingerprints make the next build redo them
            self._failed = True
            return False
        self.memory = replace(self.memory, entries=done[0], manifest=done[1])
        return True

    def _remake(self, changed: list[str]):
        """Return the renderer, digests, file hashes, changed keys and own digests after the edit, or None."""
        memory = self.memory
        atlas = memory.renderer.atlas
        if not atlas.drafts_shown:  # serve shows drafts; without them a draft flag would add or remove pages
            return None
        files = [(_KINDS[relative.split("/")[0]], self.source / relative) for relative in changed]
        records, problems, hashes = read_records(self.source, files, self.cache)
        if problems or any(record is None for record in records):
            return None
        briefs, policies = dict(atlas.brief), dict(atlas.policy)
        digests, own = dict(memory.digests), {kind: dict(found) for kind, found in self._own.items()}
        keys: set[str] = set()
        touched: set[str] = set()  # jurisdictions whose comparison cells change
        for (kind, _), record in zip(files, records):
            if kind == "brief":
                old = briefs.get(record.slug)
                if old is None or not _same_place(old, record):
                    return None
                briefs[record.slug] = record
                own["b"][f"b:{record.slug}"] = digests[f"b:{record.slug}"] = brief_digest(record)
                digests[f"b:{record.slug}:body"] = digest(record.body)
                keys.update((f"b:{record.slug}", f"b:{record.slug}:body", "all:b"))
            else:
                old = policies.get(record.id)
                if old is None or (old.jurisdiction, old.applies_to) != (record.jurisdiction, record.applies_to):
                    return None
                policies[record.id] = record
                own["p"][f"p:{record.id}"] = digests[f"p:{record.id}"] = hashes[f"policies/{record.id}.yaml"]
                keys.update((f"p:{record.id}", "all:p"))
                holders = {record.jurisdiction, *record.applies_to}
                touched.update(j for j, chain in atlas.chain.items() if holders.intersection(chain))
        checked = [policies[key[2:]] for key in keys if key.startswith("p:")]
        if checked and references.check(Content(self.source, atlas.site, atlas.dimensions, None, atlas.jurisdictions,
                                                 tuple(checked), ())):
            return None
        digests["all:b"], digests["all:p"] = kind_digest(own["b"]), kind_digest(own["p"])
        atlas = replace(atlas, briefs=tuple(briefs[b.slug] for b in atlas.briefs), brief=MappingProxyType(briefs),
                        policies=tuple(policies[p.id] for p in atlas.policies), policy=MappingProxyType(policies))
        comparison = memory.renderer.comparison
        if touched:
            comparison = rederive(atlas, comparison, touched)
        renderer = memory.renderer.for_atlas(atlas, comparison)
        return renderer, digests, {**memory.hashes, **hashes}, keys, own

    def _plan(self, renderer: Renderer, digests: dict[str, str], keys: set[str]) -> tuple[list, list, dict]:
        """Return the pages to render now and later (those whose fingerprint changed), and their fingerprints."""
        memory = self.memory
        indexes = set()
        for key in keys:
            indexes.update(self._by_key.get(key, ()))
        for key in keys:
            if key.startswith("b:") and key.endswith(":body"):
                indexes.add(self._page_of[("brief", key[2:-5])])
        soon, later, marks = [], [], {}
        for index in sorted(indexes):
            page = renderer.pages[index]
            mark = fingerprint(f"{page.kind}:{page.key}:{page.output}", memory.keys[index], digests,
                               renderer.template_digest(page.kind), memory.settings)
            if page.kind == "brief":
                mark = with_text(mark, digests[f"b:{page.key}:body"])
            old = memory.entries.get(page.output)
            if old is not None and old.fingerprint == mark:
                continue
            marks[page.output] = mark
            small = old is not None and old.size <= SOON_BYTES
            (soon if page.kind in SOON_KINDS or small else later).append(page)
        return soon, later, marks

    def _commit(self, renderer: Renderer, pages: list, marks: dict, entries: dict,
                manifest: bytes) -> tuple[dict, bytes] | None:
        """Render `pages` and put them in the output with the manifest updated, in one journaled step."""
        with Staging(self.out) as staging:
            written, problems = render_pages(renderer, tuple(pages), staging.folder, 1)
            if problems:
                return None
            new = {}
            for output, page in written.items():
                staging.wrote(output)
                new[output] = Entry(marks[output], page.content, page.size, page.body)
            manifest = replace_entries(manifest, new)
            staging.note(MANIFEST, manifest)
            staging.commit(others_unchanged=True)
        return {**entries, **new}, manifest


def _same_place(old, new) -> bool:
    """Return whether an edited brief keeps its place: same date and the same records referred to, in order."""
    def targets(brief):
        return tuple(dict.fromkeys([*brief.jurisdictions, *brief.policies, *(link.target for link in brief.links)]))
    return old.date == new.date and old.draft == new.draft and targets(old) == targets(new)
