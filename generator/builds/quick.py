"""Quick rebuilds: when nothing changed, or only the text of some briefs, the site is not loaded at all.

Every full build records its inputs (inputs.py). The next build first compares the content files
with that record. When nothing changed, it checks that the output is still as the manifest says and
stops. When the only changes are to the text of briefs, each with its front matter and the set of
records it links to unchanged, each of those pages is rebuilt by rendering the new text and putting
its HTML where the old text's HTML was (the manifest says where). Everything else on such a page
depends only on records, templates and settings that did not change, so the page is byte for byte
what a full build would write, and so are its manifest entry and fingerprint; the tests compare
the two. With search on, the search index's shards that hold a rebuilt page are indexed again
(searching.py, as a full build does). Anything else (a record, a front matter, a template, a new
file) is left to the full build, which still reuses every page whose inputs did not change.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path

from generator.builds import inputs, searching
from generator.hashing import digest
from generator.builds.manifest import MANIFEST, Entry, parse_manifest, replace_entries, with_text
from generator.progress import SILENT, Progress
from generator.site import search
from generator.site.markdown import make_renderer, only_place, render_markdown
from generator.site.theme import find_theme
from generator.site.urls import safe_output
from generator.builds.write import Staging
from generator.content.wikilinks import find_links
from generator.content.textfiles import read_text, split_front_matter


Seen = dict  # what attempt() read: the record of inputs, the manifest and its entries, the files' stats, when


@dataclass(frozen=True)
class QuickResult:
    pages: int  # files the site has
    rendered: int  # of those, rebuilt


def attempt(source: Path, out: Path, as_of: dt.date, drafts: bool, search: bool,
            record_folder: Path, jobs: int = 1, progress: Progress = SILENT,
            base_url: str | None = None, seen: Seen | None = None) -> QuickResult | None:
    """Bring `out` up to date without loading the site, or return None when a full build is needed.

    `record_folder` holds the record of inputs of the last build into `out` (inputs.folder_for). The
    caller has already finished any interrupted commit (write.recover). `seen`, when given, is filled
    with what was read on the way, for edited.py to go on from when this returns None.
    """
    out = out.resolve()
    record = inputs.read(record_folder)
    settings = inputs.settings_key(source, out, as_of.isoformat(), drafts, search, base_url)
    if record is None or record.settings != settings:
        return None
    try:
        manifest = (out / MANIFEST).read_bytes()
    except OSError:
        return None
    entries = parse_manifest(manifest) if digest(manifest) == record.manifest else {}
    if not entries:
        return None
    taken_ns = inputs.now_ns()
    stats = inputs.scan(source)
    found = inputs.changed_files(source, record, stats) if stats is not None and _same_theme(record, source) else None
    if found is None or not _output_intact(out, entries):
        return None
    if seen is not None:
        seen.update(record=record, manifest=manifest, entries=entries, stats=stats, taken_ns=taken_ns)
    changed, restated = found
    if not changed:
        if restated:  # files read again as too new to trust (a checkout, a copy): trusted from now on, as git does
            inputs.write(record_folder, replace(record, files={**record.files, **restated}, taken_ns=taken_ns))
        return QuickResult(record.pages, 0)
    pages = {}
    for relative in changed:
        page = record.brief_page(relative)
        rebuilt = _rebuild_brief(source / relative, out, page, entries.get(page.output)) if page else None
        if rebuilt is None:
            return None
        pages[page.output] = rebuilt
    return _commit(out, record_folder, record, manifest, pages, restated, taken_ns, entries if search else None, jobs,
                   progress)


def _same_theme(record: inputs.Inputs, source: Path) -> bool:
    theme, _ = find_theme(record.theme_name, source)
    folders = tuple(str(folder) for folder in theme.folders) if theme else ()
    return folders == record.theme_folders and inputs.theme_digest(folders) == record.theme


def _output_intact(out: Path, entries: dict[str, Entry]) -> bool:
    """Return whether every file the manifest lists is in the output, at the size it was written."""
    folder = str(out) + os.sep
    for relative, entry in entries.items():
        try:
            if os.stat(folder + relative).st_size != entry.size:
                return False
        except OSError:
            return False
    return True


def checked_sizes(entries: dict[str, Entry] | None) -> dict[str, int]:
    """Return the size of each file of the output that _output_intact found as the manifest says."""
    return {relative: entry.size for relative, entry in entries.items()} if entries else {}


def _rebuild_brief(path: Path, out: Path, page: inputs.BriefPage, entry: Entry | None) -> tuple[bytes, Entry] | None:
    """Return the page of a brief whose text alone changed, and its manifest entry; None if that is not the case."""
    text, _ = read_text(path, path.name)
    if text is None or entry is None or entry.body is None:
        return None
    front, body, body_line, _ = split_front_matter(text, path.name)
    if front is None or digest(front) != page.front:
        return None
    if sorted({link.target for link in find_links(body, body_line)}) != sorted(page.links):
        return None
    try:
        old = (out / safe_output(page.output)).read_bytes()
    except OSError:
        return None
    if digest(old) != entry.content:
        return None

    def resolve(target: str):
        found = page.links.get(target)
        return tuple(found) if found else None

    html = render_markdown(make_renderer(), body, resolve).encode("utf-8")
    start, end = entry.body
    data = old[:start] + html + old[end:]
    place = only_place(data, html)
    if place != (start, start + len(html)):
        return None  # the full build would not record this place for the text: let it decide
    return data, Entry(with_text(page.base, digest(body)), digest(data), len(data), place,
                       search.searched_digest(page.output, "", data))  # a brief's page is indexed in any language


def _commit(out: Path, record_folder: Path, record: inputs.Inputs, manifest: bytes,
            pages: dict[str, tuple[bytes, Entry]], restated: dict[str, str], taken_ns: int,
            indexed: dict[str, Entry] | None, jobs: int, progress: Progress) -> QuickResult | None:
    """Write the rebuilt pages (and search shards) and the new manifest in one journaled step, then record the inputs.

    `indexed` is the previous manifest when the search index is to be kept up to date, else None.
    """
    new = {output: entry for output, (_, entry) in pages.items()}
    with Staging(out, checked=checked_sizes(indexed)) as staging:
        for output, (data, _) in sorted(pages.items()):
            staging.write(output, data)
        if indexed is None:
            manifest = replace_entries(manifest, new)
        else:
            try:
                manifest = searching.reindexed(staging, indexed, new, record.language, jobs, progress)
            except search.SearchUnavailable:
                return None  # the full build reports it
        staging.note(MANIFEST, manifest)
        staging.commit(others_unchanged=True)
    inputs.write(record_folder, replace(record, files={**record.files, **restated}, manifest=digest(manifest),
                                       taken_ns=taken_ns))
    return QuickResult(record.pages, len(pages))
