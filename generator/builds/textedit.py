"""Quick rebuilds of briefs whose text alone changed: each page's old HTML for the text replaced by the new.

quick.py finds that the only changes are to the text of briefs, each with its front matter and the
set of records it links to unchanged; this module renders each new text, puts it where the old
text's HTML was in the page (the manifest says where), re-indexes the search shards that hold
those pages, and commits, so that the result is byte for byte what a full build would write.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.builds import inputs, searching
from generator.builds.manifest import MANIFEST, Entry, replace_entries, with_text
from generator.builds.write import Staging
from generator.content.textfiles import read_text, split_front_matter
from generator.content.wikilinks import find_links
from generator.hashing import digest
from generator.progress import Progress
from generator.site import search
from generator.site.markdown import make_renderer, only_place, render_markdown
from generator.site.urls import safe_output


def rebuild_brief(path: Path, out: Path, page: inputs.BriefPage, entry: Entry | None,
                  searched: bool = True) -> tuple[bytes, Entry] | None:
    """Return the page of a brief whose text alone changed, and its manifest entry; None if that is not the case.
    `searched`: the build keeps a search index, so the entry holds the hash of what it reads of the page."""
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
    # a brief's page is indexed in any language: no prefix to name ("")
    indexed = search.searched_digest(page.output, "", data) if searched else None
    return data, Entry(with_text(page.base, digest(body)), digest(data), len(data), place, indexed)


def commit(out: Path, record_folder: Path, record: inputs.Inputs, manifest: bytes,
           pages: dict[str, tuple[bytes, Entry]], restated: dict[str, str], taken_ns: int, sizes: dict[str, int],
           indexed: dict[str, Entry] | None, jobs: int, progress: Progress) -> bool:
    """Write the rebuilt pages (and search shards) and the new manifest in one journaled step, then record the inputs;
    False if the search index could not be made (the full build then reports why).

    `sizes`: each file of the output as quick.attempt found it in place. `indexed` is the previous manifest when
    the search index is to be kept up to date, else None.
    """
    new = {output: entry for output, (_, entry) in pages.items()}
    with Staging(out, checked=sizes) as staging:
        for output, (data, _) in sorted(pages.items()):
            staging.write(output, data)
        if indexed is None:
            manifest = replace_entries(manifest, new)
        else:
            try:
                manifest = searching.reindexed(staging, indexed, new, manifest, record.language, jobs, progress)
            except search.SearchUnavailable:
                return False  # the full build reports it
        staging.note(MANIFEST, manifest)
        staging.commit(others_unchanged=True)
    inputs.write(record_folder, replace(record, files={**record.files, **restated}, manifest=digest(manifest),
                                       taken_ns=taken_ns))
    return True
