"""The full build: load -> check references -> derive -> plan -> render what changed -> write.

Every stage runs; pages whose inputs did not change are kept from the previous output
(incremental.py), and the inputs are recorded for the next build's quick check (inputs.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from dataclasses import replace
from pathlib import Path

from generator.builds import changecache, earlyindex, inputs, searching, state
from generator.site import search
from generator.builds.collector import collector_paused
from generator.builds.result import BuildResult, Stopwatch
from generator.content.cache import ParseCache
from generator.compare.derive import derive
from generator.builds.deps import Dependencies
from generator.hashing import digest, generator_digest
from generator.builds.incremental import fingerprint, pages_digest, record_digests
from generator.content.load import load
from generator.builds.manifest import MANIFEST, Entry, manifest_bytes, read_manifest, with_text
from generator.content.model import Atlas, build_atlas
from generator.content.translations import load_translations
from generator.locales import babel_name
from generator.site.languages import catalog_path, edition_pages, load_catalog
from generator.site.plan import Page, plan
from generator.problems import ContentError, Problem
from generator.progress import SILENT, Progress
from generator.site.render import Renderer
from generator.site.searchtext import indexed_digest
from generator.site.theme import find_theme
from generator.site.urls import UnsafePath
from generator.builds.workers import Ahead, render_pages
from generator.builds.write import Staging

# The data exports that take long and need neither templates nor the change log: rendered ahead (workers.Ahead).
AHEAD_PAGES = frozenset({"compare_years", "atlas_json", "comparison_csv", "policies_csv"})
SLOW_PAGES = AHEAD_PAGES | {"compare", "side_by_side", "timeline"}  # rendered first (the exports, when not ahead)
COMPILED = "compiled"  # the compiled templates and catalogs kept in the record folder between builds


def load_and_plan(source: Path, as_of: dt.date, drafts: bool, cache: ParseCache, jobs: int,
                  progress: Progress = SILENT,
                  base_url: str | None = None) -> tuple[Atlas, tuple[Page, ...], dict[str, str], dict, tuple]:
    """Return the atlas, its pages, the hash of each content file's text, the translations by language and the
    warnings about the content (likely mistakes that stop nothing: content/lint.py).

    `base_url`, when given, replaces site.yaml's (a preview deploy on another address or sub-path).
    """
    content, problems = load(source, cache, jobs, progress)
    cache.save()
    if base_url and content.site is not None:
        content = replace(content, site=replace(content.site, base_url=base_url.rstrip("/") + "/"))
    atlas, more = build_atlas(content, as_of, drafts, loaded_cleanly=not problems)
    problems += more
    if problems or atlas is None:
        raise ContentError(problems or [Problem(str(source), 0, 0, "no content could be loaded")], content.warnings)
    texts, found = load_translations(source, content, tuple(lang.code for lang in atlas.site.languages))
    problems = [problem for problem in found if not problem.warning]
    warnings = (*content.warnings, *(problem for problem in found if problem.warning))
    if problems:
        raise ContentError(problems, warnings)
    try:
        pages = plan(atlas)
        pages += tuple(page for lang in atlas.site.languages for page in edition_pages(pages, lang, texts[lang.code]))
        return atlas, pages, content.hashes, texts, warnings
    except (UnsafePath, ValueError) as error:
        raise ContentError([Problem(str(source), 0, 0, f"cannot plan the output: {error}")], warnings) from None


def load_catalogs(atlas: Atlas, theme, compiled: Path | None = None) -> dict:
    """Return the theme's compiled catalog of each further language; a missing or broken one is a Problem.

    `compiled` is where compiled catalogs are kept between builds (languages.load_catalog)."""
    catalogs, problems = {}, []
    for lang in atlas.site.languages:
        path = catalog_path(theme, lang.code)
        if path is None:
            where = atlas.site.origin.at("languages")
            problems.append(Problem(atlas.site.origin.path, where.line, where.column,
                                    f"the theme has no catalog for the language '{lang.code}'",
                                    field="languages", hint=f"add locale/{babel_name(lang.code)}/LC_MESSAGES/"
                                    "messages.po to the theme (pybabel init), or remove the language"))
            continue
        catalogs[lang.code], more = load_catalog(path, lang.code, compiled)
        problems += more
    if problems:
        raise ContentError(problems)
    return catalogs


# Working the change log out also readies what the hypotheses of these pages need, which forked workers then share:
# a build that renders them works the log out (each worker would otherwise ready it again, 2 s for 10,000 briefs).
WHAT_IF_PAGES = frozenset({"if_enacted", "if_enacted_dimension", "if_enacted_csv", "if_enacted_json"})


def build(source: Path, out: Path, day: dt.date, drafts: bool, reuse: bool, jobs: int, search: bool,
          cache: ParseCache, record_folder: Path, watch: Stopwatch, started: float,
          progress: Progress = SILENT, base_url: str | None = None,
          remember: bool = False) -> BuildResult:
    """Load, check, derive and plan the whole site, render what changed, and commit the output.

    `record_folder` is where this build's inputs are recorded for the next one (inputs.folder_for).
    With `remember`, the result holds what live.py needs to redo part of this build (its `memory`).
    """
    taken_ns, stats = inputs.now_ns(), inputs.scan(source)  # before reading, so later edits are seen next time
    with collector_paused(freeze=True, thaw=True):  # a million objects loaded, kept out of later collections
        atlas, pages, hashes, texts, warnings = load_and_plan(source, day, drafts, cache, jobs, progress, base_url)
        watch.lap("load")
        theme, problems = find_theme(atlas.site.theme, source, atlas.site.origin)
        if theme is None:
            raise ContentError(problems)
        catalogs = load_catalogs(atlas, theme, record_folder / COMPILED)
        renderer = Renderer(atlas, derive(atlas), pages, theme, texts, catalogs)
        renderer.keep_compiled(record_folder / COMPILED)
        previous = read_manifest(out) if reuse else {}
        watch.lap("derive")
    settings = inputs.settings_key(source, out, day.isoformat(), drafts, search, base_url)
    theme_folders = tuple(str(folder) for folder in theme.folders)
    state.discard(record_folder)  # it describes the output this build replaces
    writer = None
    with Staging(out) as staging, _indexer(staging, pages, renderer, previous, jobs, search) as indexer:
        entries, rendered, bases, made = _write_pages(staging, pages, renderer, previous, hashes, jobs, watch,
                                                      progress, indexer, record_folder if reuse else None)
        files = inputs.file_states(source, stats, hashes) if stats is not None else None
        theme_digest = inputs.theme_digest(theme_folders)
        if files is not None and not remember:  # for the next build's edits (edited.py); serve keeps it in memory
            writer = state.Writer(record_folder, state.State(
                atlas, renderer.comparison, pages, texts, made[0], made[1], hashes, files, taken_ns, theme_folders,
                theme_digest, search_plan=indexer.kept_plan() if indexer is not None else None,
                counted=renderer.counted), settings,
                                  lambda: renderer.contexts.change_pages.log.log,
                                  changecache.made_from(made[1], atlas.drafts_shown),
                                  renderer.json_parts)
        try:
            if indexer is not None:
                _search_index(indexer, entries, progress)
                watch.lap("search")
            manifest = manifest_bytes(entries)
            staging.note(MANIFEST, manifest)
            staging.copy_static(reversed(theme.static_folders()))
            staging.commit()
        except BaseException:
            if writer is not None:
                writer.drop()
            raise
        watch.lap("write")
    if files is not None:
        if indexer is not None:
            earlyindex.keep_plan(record_folder, indexer.plan)
        inputs.write(record_folder, inputs.Inputs(
            settings, generator_digest(), atlas.site.theme, theme_folders, theme_digest, digest(manifest), len(pages),
            taken_ns, files, inputs.write_brief_pages(record_folder, brief_pages(pages, renderer, bases)),
            _search_languages(atlas)))
        if writer is not None:
            writer.keep()
        watch.lap("record")
    memory = None
    if remember and not search and files is not None:
        from generator.builds.live import Memory
        page_inputs, digests = made
        memory = Memory(renderer, theme, page_inputs, digests, entries, manifest, hashes, files, taken_ns)
    return BuildResult(len(pages), rendered, time.perf_counter() - started, day, atlas, cache, watch.laps, memory, warnings)


def _search_languages(atlas: Atlas) -> str:
    """Return the search index's languages: the site's, then each further language by its prefix."""
    return search.language_spec(atlas.site.language, {lang.prefix: lang.code for lang in atlas.site.languages})


def brief_pages(pages, renderer: Renderer, bases: dict[str, str]) -> dict[str, list]:
    """Return what a quick rebuild of each brief's page needs, by the brief's file: its default-language page,
    unless another page shows its text too (a further language's with `pages: all`: a full build redoes both)."""
    found = {}
    elsewhere = {page.key for page in renderer.pages
                 if page.kind == "brief" and page.lang and renderer.shows_own_text(page)}
    for page in pages:
        if page.kind != "brief" or page.lang or page.key in elsewhere:
            continue
        brief = renderer.atlas.brief[page.key]
        links = {}
        for target in sorted({link.target for link in brief.links}):
            ref = renderer.views.record_ref(target)
            links[target] = [ref.url, ref.text] if ref else None
        found[f"briefs/{page.key}.md"] = [page.output, digest(brief.origin.located.text), links, bases[page.key],
                                          brief.title, brief.summary]
    return found


def _searched_now(out: Path, page: Page, entry: Entry) -> Entry:
    """Return a kept page's entry, for a page the index reads (search.searched), with the hash of what it reads of
    it: a build without the index (workers.render_pages) leaves it out, and the shards' fingerprints must not depend
    on which build wrote a page."""
    try:
        data = (out / page.output).read_bytes()
    except OSError:
        return entry  # the index then reads it as it finds it; the hash of its bytes stands for what it reads
    return entry._replace(indexed=indexed_digest(data))  # the caller asked search.searched already


def _write_pages(staging: Staging, pages, renderer: Renderer, previous: dict[str, Entry], hashes: dict[str, str],
                 jobs: int, watch: Stopwatch, progress: Progress, indexer: searching.Indexer | None = None,
                 kept_log: Path | None = None) -> tuple[dict[str, Entry], int, dict[str, str], tuple]:
    """Render each page whose fingerprint changed, reuse the others; tell `indexer` each page's content hash.
    `kept_log`: the folder where the last full build kept its change log (changecache.py), if it may be used.

    Return the manifest, how many pages were rendered, each brief page's fingerprint without its text,
    and (each page's dependency keys, the digests, the settings) for live.py.
    """
    atlas = renderer.atlas
    digests = {**record_digests(atlas, hashes), "pages": pages_digest(pages)}
    settings = f"as_of={atlas.as_of.isoformat()};drafts={atlas.drafts_shown}"
    entries: dict[str, Entry] = {}
    marks: dict[str, str] = {}
    bases: dict[str, str] = {}  # each brief page's fingerprint without its text, for quick rebuilds
    to_render = []
    dependencies = Dependencies(atlas)
    languages = {code: f"{settings};{edition.edition.texts.digest};{edition.env.globals['catalog_digest']}"
                 for code, edition in renderer.editions.items()}
    languages[""] = settings
    inputs_of = []  # each page's (identity, settings, dependency keys): live.py fingerprints pages the same way

    def inputs(page: Page) -> tuple[tuple, str]:
        """Return the page's (identity, settings, dependency keys) and its fingerprint."""
        keys = dependencies(page.kind, page.key)
        also = renderer.alternates.get(page.site_path, ()) if not page.lang else ()  # links to its translations
        identity = f"{page.kind}:{page.key}:{page.output}{also}"
        mark = fingerprint(identity, keys, digests, renderer.template_digest(page.kind), languages[page.lang])
        if page.kind == "brief" and renderer.shows_own_text(page):  # a translation's page shows its own text
            if not page.lang:
                bases[page.key] = mark
            mark = with_text(mark, digests[f"b:{page.key}:body"])
        return (identity, languages[page.lang], keys), mark

    def kept(page: Page, mark: str) -> bool:
        """Reuse the page's file if its fingerprint holds and return True; else note the fingerprint to render it."""
        old = previous.get(page.output)
        if old and old.fingerprint == mark and staging.reuse(page.output, old.size):
            if indexer is not None and old.indexed is None and search.searched(page.output, page.lang):
                old = _searched_now(staging.out, page, old)
            entries[page.output] = old
            if indexer is not None:
                indexer.known(page.output, old.searched)
            return True
        marks[page.output] = mark
        return False

    # The data exports that changed are rendered first, in a process of their own (workers.Ahead) that works while
    # this one fingerprints the other pages and works out the change log, with a core to spare.
    ahead_kinds = AHEAD_PAGES if Ahead.wanted(jobs, len(pages)) else frozenset()
    known = {page.output: inputs(page) for page in pages if page.kind in ahead_kinds}
    early = tuple(page for page in pages if page.output in known and not kept(page, known[page.output][1]))
    with Ahead(renderer, early, staging.folder, indexer is not None) if early else contextlib.nullcontext() as ahead:
        for page in pages:
            if page.output in known:
                inputs_of.append(known[page.output][0])
                continue
            page_inputs, mark = inputs(page)
            inputs_of.append(page_inputs)
            if not kept(page, mark):
                to_render.append(page)
        # The long pages first, not last; then a search shard's pages together, the shards that take longest to
        # index first (those holding long pages, then the mixed ones of small sections), so that shards are
        # indexed while later ones render and little indexing is left when the rendering ends.
        order = indexer.order if indexer is not None else (lambda output: "")
        slow = {order(page.output) for page in to_render if page.kind in SLOW_PAGES}
        to_render.sort(key=lambda page: (page.kind not in SLOW_PAGES, order(page.output) not in slow,
                                         not order(page.output).startswith(search.MIXED), order(page.output)))
        if kept_log is not None and not WHAT_IF_PAGES.intersection(page.kind for page in to_render):
            changecache.adopt(renderer, kept_log, digests)
        with collector_paused(freeze=True, thaw=True):  # the change log is made here: its objects frozen too
            renderer.compile_templates(page.kind for page in to_render)
        watch.lap("fingerprint")
        done = (lambda output, page: indexer.rendered(output, page.searched)) if indexer is not None else None
        written, problems = render_pages(renderer, tuple(to_render), staging.folder, jobs, progress, done=done,
                                         searched=indexer is not None, ahead=ahead)
    watch.lap("render")
    if problems:
        raise ContentError(problems)
    for output, page in written.items():
        staging.wrote(output)
        entries[output] = Entry(marks[output], page.content, page.size, page.body, page.indexed)
    return entries, len(to_render) + len(early), bases, (inputs_of, digests)


def _indexer(staging: Staging, pages, renderer: Renderer, previous: dict[str, Entry], jobs: int, search_on: bool):
    """Return the search indexer that works while the pages render (searching.Indexer), or a null context."""
    if not search_on:
        return contextlib.nullcontext()
    return searching.Indexer(staging, (page.output for page in pages), previous, _search_languages(renderer.atlas),
                             jobs)


def _search_index(indexer: searching.Indexer, entries: dict[str, Entry], progress: Progress) -> None:
    """Finish the search index: the shards whose pages changed are indexed, the others kept as they are."""
    try:
        found, _ = indexer.finish(progress)
    except search.SearchUnavailable as error:
        raise ContentError([Problem("site.yaml", 0, 0, str(error), hint="or build with --no-search")]) from None
    entries.update(found)
