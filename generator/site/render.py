"""Stage 6: turn each planned page into bytes, with Jinja templates and theme fallback."""

from __future__ import annotations

import functools
import re
import traceback
from pathlib import Path

import jinja2
from babel.numbers import format_decimal

from generator.site import (changefeeds, cite, corrections, daytext, editionviews, escaping, exports, feeds, gettext,
                            languages, maps, urls)
from generator.compare.derive import Comparison
from generator.hashing import digest
from generator import locales
from generator.content.model import Atlas
from generator.site.macrocache import MacroCache
from generator.site.markdown import only_place
from generator.site.pages import Contexts
from generator.site.plan import Page
from generator.site.punctuation import punctuation
from generator.problems import Problem
from generator.site.theme import Theme
from generator.content.validate import schema_text
from generator.site.views import Views, value_styles



def environment(theme: Theme, views: Views, catalog=None, lang: str = "") -> jinja2.Environment:
    """Return the Jinja environment: autoescaped, strict about undefined names, with gettext from `catalog`.

    It also gives `views` the language's lookup and marks (views.translate, views.marks) for the words the
    code writes: labels, maps, feeds."""
    env = escaping.Environment(loader=jinja2.FileSystemLoader(theme.template_folders()),
                               autoescape=True, undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"],
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                               auto_reload=False)
    # auto_reload off: no template file is asked for its time on every page (three stat calls a brief, 12 us of its
    # 0.36 ms). A renderer serves one theme: serve and edited builds take the full way, with a new one, when the
    # theme's digest changes (live.py, edited.py).
    env.policies["ext.i18n.trimmed"] = True  # as pybabel extracts them (babel.cfg)
    if catalog is None:
        gettext.install(env, str, lambda singular, plural, n: singular if n == 1 else plural)
    else:
        gettext.install(env, catalog.gettext, catalog.ngettext)
    env.globals["catalog_digest"] = getattr(catalog, "digest", "")
    code = lang or views.atlas.site.language
    locale = locales.locale(code)
    lookup = catalog.gettext if catalog is not None else str
    env.filters.update(ui=lambda text: lookup(text),  # a label the code chose (a page title): no formatting
                       format_date=lambda when, form="long": daytext.day(when, code, form),
                       format_number=lambda n: format_decimal(n, locale=locale))
    env.globals["list_sep"] = languages.list_separators(code)  # A, B, and C; A、B和C
    marks = punctuation(lookup)  # "Status: in force", "statute, regulation"; 状态：已生效, 法律、法规
    env.globals.update(colon=marks.colon, colon_mark=marks.colon_mark, comma=marks.comma, semicolon=marks.semicolon,
                       stop=marks.stop)
    views.translate, views.marks = env.filters["ui"], marks  # for the words and marks the code writes
    env.filters.update(marked=views.marked, lang_attr=views.lang_attr)  # a record's text in another language
    env.globals.update(link=views.link, static=lambda name: views.link(urls.static(name)),
                       site=views.atlas.site, as_of=views.atlas.as_of, drafts_shown=views.atlas.drafts_shown,
                       navigation=[(item.label, views.link(item.path)) for item in views.atlas.site.navigation],
                       absolute=views.links.absolute, base_path=views.links.base_path,
                       cite_block=None,  # set below: it renders a template of this environment
                       correction_url=lambda jurisdiction, dimension, value, page: corrections.correction_url(
                           views.atlas.site.corrections_channel, jurisdiction, dimension, value, views.atlas.as_of, page))
    env.globals["cached"] = MacroCache()  # a macro's output for the same cell, made once (macrocache.py)
    env.globals["cite_block"] = cite.CiteBlock(env, cite.Citer(views.atlas.site, views.atlas.as_of, views.atlas.as_of))
    return env


# Every quoted name of a template in a template's source: those it extends, includes or imports, and
# possibly a few it only mentions. Parsing each template to find exactly the first kind took longer
# than the rest of the fingerprints together; a name too many only makes a page depend on one more file.
CHANGE_PAGES = frozenset({"policy", "jurisdiction", "dimension", "timeline", "changes", "changes_year",
                          "jurisdiction_feed", "dimension_feed"})  # the pages that show the change log
_TEMPLATE_NAME = re.compile(r"""["']([^"'\s{}%]+\.html)["']""")


class Renderer:
    """Renders pages of one atlas; a template error becomes a Problem naming the template and line."""

    def __init__(self, atlas: Atlas, comparison: Comparison, pages: tuple[Page, ...], theme: Theme,
                 texts: dict | None = None, catalogs: dict | None = None):
        self.atlas = atlas
        self.comparison = comparison
        self.pages = pages
        self.views = Views(atlas, comparison, urls.Urls(atlas.site.base_url))
        self.contexts = Contexts(self.views)
        self.env = environment(theme, self.views)
        self._template_digests: dict[str, str] = {}
        self.alternates = languages.Alternates(pages, atlas.site.languages, atlas.site.language)
        self._own_name = languages.own_name(atlas.site.language)
        self._theme, self._texts, self._catalogs = theme, texts or {}, catalogs or {}
        self._compiled: jinja2.BytecodeCache | None = None
        self.kept_json: exports.JsonParts | None = None  # atlas.json but its briefs, as the last full build made it
        self.counted: dict[str, int] | None = None  # editionviews.census(atlas), if known: the editions' use

    def keep_compiled(self, folder: Path) -> None:
        """Keep the compiled templates in `folder` (Jinja's bytecode cache, keyed by each template's source)
        for the next build, and take those kept by the last one."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        self._compiled = _CompiledTemplates(str(folder), escaping.CACHE_PATTERN)
        self.env.bytecode_cache = self._compiled

    @functools.cached_property
    def editions(self) -> dict[str, "_Edition"]:
        """Each further language's edition: its translated atlas, views and Jinja environment (made when first
        asked for: a renderer that only stands for the last build's atlas, builds/edited.py, never needs them)."""
        atlas, comparison = self.atlas, self.comparison
        if atlas.site.languages and self.counted is None:  # once for every edition, and kept: an edit that replaces
            self.counted = editionviews.census(atlas)  # records counts only theirs again (builds/live.py)
        editions: dict[str, _Edition] = {}
        for code, edition in languages.editions(self.pages, atlas.site.languages, self._texts).items():
            links = editionviews.EditionUrls(atlas.site.base_url, edition.prefix, edition.paths)
            views = editionviews.EditionViews(languages.translated_atlas(atlas, edition.texts), comparison, links,
                                              edition.texts, atlas.site.language, atlas, self.counted)
            env = environment(self._theme, views, self._catalogs.get(code), code)
            env.bytecode_cache = self._compiled
            contexts = Contexts(views)
            contexts.change_pages.log.share(self.contexts.change_pages.log)  # one change log, its views in each language
            editions[code] = _Edition(edition, views, contexts, env)
        return editions

    def for_atlas(self, atlas: Atlas, comparison: Comparison) -> "Renderer":
        """Return a renderer of another atlas of the same site, pages and theme, sharing the compiled templates.

        The environment's globals depend on the site settings alone (environment()), which must not differ.
        """
        other = Renderer.__new__(Renderer)
        other.atlas, other.comparison, other.pages, other.env = atlas, comparison, self.pages, self.env
        self.env.globals["cached"].clear()  # its entries are this atlas's views (macrocache.py)
        other.views = Views(atlas, comparison, urls.Urls(atlas.site.base_url))
        other.views.translate, other.views.marks = self.views.translate, self.views.marks  # environment() set them
        other.contexts = Contexts(other.views)
        other._template_digests = self._template_digests
        other.alternates, other._own_name = self.alternates, self._own_name
        other._theme, other._texts, other._catalogs = self._theme, self._texts, self._catalogs
        other._compiled, other.kept_json = self._compiled, self.kept_json  # the parts serve only if their records are the same
        other.counted = None  # of another atlas: the caller gives it, if it knows (builds/live.py)
        return other  # its editions, made when first asked for, show the new records too

    def translated(self, kind: str, key: str) -> bool:
        """Return whether a record of this kind has a translation in any further language."""
        return any(texts.has(kind, key) for texts in self._texts.values())

    def shows_own_text(self, page: Page) -> bool:
        """Return whether a brief's page shows the text of the brief's own file: its default-language page, or a
        further language's page of a brief that language has no translation of (site.yaml `pages: all`)."""
        return not page.lang or not self._texts[page.lang].has("brief", page.key)

    def template_digest(self, kind: str) -> str:
        """Return a hash of the template a page kind is rendered from and every template it uses."""
        if kind not in self._template_digests:
            self._template_digests[kind] = self._closure_digest(f"{kind}.html")
        return self._template_digests[kind]

    def _closure_digest(self, first: str) -> str:
        seen: dict[str, str] = {}
        pending = [first]
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            try:
                source, _, _ = self.env.loader.get_source(self.env, name)
            except jinja2.TemplateNotFound:
                seen[name] = ""  # not an HTML page, or missing: render() reports the latter
                continue
            seen[name] = source
            pending.extend(_TEMPLATE_NAME.findall(source))
        return digest("\0".join(f"{name}\0{source}" for name, source in sorted(seen.items())))

    def compile_templates(self, kinds, forking: bool = True) -> None:
        """Compile the templates of these page kinds now, and work out the change log if they show it, once,
        so forked workers share them. Without `forking` (the pages render in this process), the log is left
        for the first page that shows it."""
        kinds = sorted(set(kinds))
        if forking and CHANGE_PAGES.intersection(kinds):
            self.contexts.change_pages.prepare()
        envs = [self.env, *(edition.env for edition in self.editions.values())]
        for kind in kinds:
            try:
                for env in envs:
                    env.get_template(f"{kind}.html")
            except jinja2.TemplateError:
                pass  # not an HTML page, or broken: render() reports it with its line

    def json_parts(self) -> exports.JsonParts:
        """Return atlas.json but its briefs (exports.JsonParts): those kept, where they fit this atlas, else made
        now and kept, for the state of a full build (builds/state.py) and the next atlas.json of `serve`."""
        if self.kept_json is None or not self.kept_json.fits(self.atlas, self.comparison):
            self.kept_json = exports.atlas_json_parts(self.atlas, self.comparison, self.views)
        return self.kept_json

    def render(self, page: Page) -> bytes:
        """Return the bytes of one page; raise TemplateProblem for a broken template."""
        return self.render_with_body(page)[0]

    def render_with_body(self, page: Page) -> tuple[bytes, tuple[int, int] | None]:
        """Return the bytes of one page and, for a brief, where the HTML of its text lies in them.

        quick.py rebuilds a brief whose text alone changed by putting the new HTML at that place.
        The place is given only when the HTML occurs exactly once in the page.
        """
        special = {
            "atlas_json": lambda: exports.atlas_json(self.atlas, self.comparison, self.views, self.json_parts()),
            "comparison_csv": lambda: exports.comparison_csv(self.atlas, self.comparison, self.views),
            "policies_csv": lambda: exports.policies_csv(self.atlas, self.views),
            "compare_years": lambda: exports.compare_years(self.atlas, self.views),
            "schema": lambda: schema_text(page.key).encode("utf-8"),
            "feed": lambda: feeds.atom(self.atlas, self.views),
            "jurisdiction_feed": lambda: changefeeds.jurisdiction_feed(self.contexts.change_pages.log, page.key),
            "dimension_feed": lambda: changefeeds.dimension_feed(self.contexts.change_pages.log, page.key),
            "if_enacted_csv": lambda: self.contexts.what_if.csv(),
            "corrections_feed": lambda: corrections.feed(self.atlas, self.views),
            "map_svg": lambda: self.contexts.map_file(page.key, "world"),
            "map_us_svg": lambda: self.contexts.map_file(page.key, "us"),
            "if_enacted_json": lambda: self.contexts.what_if.json(),
            "sitemap": lambda: feeds.sitemap(self.pages, self.views),
            "robots": lambda: feeds.robots(self.views),
            "values_css": lambda: value_styles(self.atlas.dimensions).encode("utf-8"),
            "map_shapes": lambda: maps.sprite(page.key)[0],
        }
        edition = self.editions.get(page.lang) if page.lang else None  # a default-language page needs no edition
        if page.kind == "labels":  # data/labels.<code>.json: the exports' ids in a further language
            return languages.labels_json(edition.views.atlas, edition.env.filters["ui"]), None
        if page.kind in special:
            if edition is not None:  # a further language has its own feeds; the other files are shared
                return self._edition_feed(edition, page), None
            return special[page.kind](), None
        base = page if edition is None else Page(page.site_path[len(edition.edition.prefix):], page.output,
                                                  page.kind, page.key, view=page.view)
        context = (edition.contexts if edition else self.contexts)(base)
        context.update(lang=page.lang or self.atlas.site.language, alternates=[
            (code, label, self.views.link(path), self.views.links.absolute(path))
            for code, label, path in self.alternates.get(base.site_path, ())], original=self.views.link(base.site_path), original_lang=self.atlas.site.language,
            original_label=self._own_name,
            translated=bool(edition and edition.edition.texts.has(page.kind, page.key)))
        env = edition.env if edition else self.env
        try:
            data = env.get_template(f"{page.kind}.html").render(context).encode("utf-8")
        except jinja2.TemplateSyntaxError as error:
            raise TemplateProblem(Problem(error.filename or error.name or "template", error.lineno or 0, 0,
                                          f"template error: {error.message}")) from None
        except jinja2.TemplateError as error:
            raise TemplateProblem(_runtime_problem(error, page)) from None
        place = only_place(data, context["body"].encode("utf-8")) if page.kind == "brief" else None
        if languages.unspaced(context["lang"]):  # the template's gaps, not the author's text (quick.py splices it)
            data, place = _tightened(data, place)
        return data, place

    @staticmethod
    def _edition_feed(edition: "_Edition", page: Page) -> bytes:
        """Return one of a further language's feeds (languages.EDITION_KINDS), in its words and with its links."""
        views, log = edition.views, edition.contexts.change_pages.log
        made = {"feed": lambda: feeds.atom(views.atlas, views),
                "jurisdiction_feed": lambda: changefeeds.jurisdiction_feed(log, page.key),
                "dimension_feed": lambda: changefeeds.dimension_feed(log, page.key),
                "corrections_feed": lambda: corrections.feed(views.atlas, views)}
        return made[page.kind]()


def _tightened(data: bytes, place: tuple[int, int] | None) -> tuple[bytes, tuple[int, int] | None]:
    """Return a page in a language without spaces tightened around its body (left as written), and the body's place."""
    if place is None:
        return languages.tighten(data), None
    start, end = place
    before, after = languages.tighten(data[:start]), languages.tighten(data[end:])
    return before + data[start:end] + after, (len(before), len(before) + end - start)


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache, where a damaged or unwritable file only means compiling the template again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 (a damaged file may raise anything unpickling its checksum)
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


class _Edition:
    """What renders the pages of one further language."""

    def __init__(self, edition, views, contexts, env):
        self.edition, self.views, self.contexts, self.env = edition, views, contexts, env


class TemplateProblem(Exception):
    """A theme template failed; carries the Problem to report."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def _runtime_problem(error: jinja2.TemplateError, page: Page) -> Problem:
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".html")]
    where = frames[-1] if frames else None
    return Problem(where.filename if where else f"{page.kind}.html", where.lineno if where else 0, 0,
                   f"template error while rendering {page.output}: {error}")
