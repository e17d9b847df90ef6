"""The site's further languages: their catalogs, their pages and the atlas as their readers see it.

Each further language (site.yaml `languages`) is an edition under its own prefix (`zh/`). Its UI
strings come from the theme's gettext catalog (themes/<theme>/locale/<ll_Ss>/LC_MESSAGES/messages.po),
compiled in memory by Babel at build time; its records' reader-facing fields come from the sidecar
translations (content/translations.py), English where there is none. By default an edition has the
list, comparison and search pages and only the record pages that are translated: links to the
others go to the English page, so a second language costs about the pages it actually has. The views of an
edition (its links, its notes, the marks on what stays English) are in editionviews.py.
"""

from __future__ import annotations

import functools
import gettext
import io
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from babel import __version__ as babel_version
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from generator.content.model import Atlas
from generator.content.records import Language
from generator.content.translations import Texts
from generator.hashing import digest
from generator import locales
from generator.problems import Problem
from generator.site import urls
from generator.site.plan import Page
from generator.site.theme import Theme
from generator.site.views import KIND_LABELS, STATUS_LABELS, TYPE_LABELS

# Page kinds every edition has; record pages only where the record is translated (or pages: all).
EDITION_KINDS = frozenset({"home", "compare", "side_by_side", "dimension", "research", "jurisdictions", "policies",
                           "briefs", "timeline", "search", "data", "not_found", "feed", "overview", "changes",
                           "changes_year", "if_enacted", "if_enacted_dimension", "corrections", "corrections_feed",
                           "dimension_feed"})
RECORD_KINDS = {"jurisdiction": "jurisdictions", "jurisdiction_feed": "jurisdictions", "policy": "policies",
                "brief": "briefs"}  # a page made in a further language when its record is translated (or pages: all)
RECORD_OF = {"jurisdiction_feed": "jurisdiction"}  # a page kind standing for another kind's record


def catalog_path(theme: Theme, code: str) -> Path | None:
    """Return the theme's catalog for a language (the most specific theme first), or None."""
    for folder in theme.folders:
        path = folder / "locale" / locales.babel_name(code) / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            return path
    return None


def load_catalog(path: Path, code: str, compiled: Path | None = None) -> tuple[gettext.NullTranslations | None,
                                                                                list[Problem]]:
    """Compile a .po catalog in memory with Babel; a broken file is a Problem naming its line.

    With `compiled`, a folder, the compiled catalog is kept there (keyed by the .po file's hash and Babel's
    version) and taken from there the next time: parsing the .po file takes a third of a second.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(str(path), 0, 0, f"cannot read the catalog: {error}")]
    name = f"messages-{locales.babel_name(code)}-{digest(raw + babel_version.encode())}.mo"
    kept = compiled / name if compiled else None
    try:
        translations = Translations(io.BytesIO(kept.read_bytes()), domain="messages") if kept else None
    except Exception:  # noqa: BLE001 (missing or damaged: compiled again below)
        translations = None
    if translations is not None:
        translations.digest = digest(raw)
        return translations, []
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locales.locale(code), abort_invalid=True)
    except PoFileError as error:
        return None, [Problem(str(path), (getattr(error, "lineno", 0) or 0) + 1, 1, f"broken catalog: {error}",
                              hint="run pybabel update, or fix the entry by hand")]
    except (OSError, ValueError, SyntaxError) as error:
        return None, [Problem(str(path), 0, 0, f"cannot read the catalog: {error}")]
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    if kept is not None:
        try:
            compiled.mkdir(parents=True, exist_ok=True)
            temporary = kept.with_name(f".{kept.name}.{os.getpid()}")
            temporary.write_bytes(buffer.getvalue())
            os.replace(temporary, kept)
        except OSError:
            pass  # compiled again next time
    buffer.seek(0)
    translations = Translations(buffer, domain="messages")
    translations.digest = digest(raw)
    return translations, []


@dataclass(frozen=True)
class Edition:
    """One further language: its settings, translations and the site paths it has pages for."""

    language: Language
    texts: Texts
    paths: frozenset[str]  # site paths (without the prefix) this edition has a page for

    @property
    def prefix(self) -> str:
        return self.language.prefix + "/"


def edition_pages(pages: tuple[Page, ...], language: Language, texts: Texts) -> tuple[Page, ...]:
    """Return the pages of one further language: copies of the default pages under its prefix."""
    found = []
    for page in pages:
        wanted = page.kind in EDITION_KINDS or (page.kind in RECORD_KINDS and (
            language.pages == "all" or texts.has(RECORD_OF.get(page.kind, page.kind), page.key)))
        if wanted:
            site_path = language.prefix + "/" + page.site_path
            found.append(Page(site_path, urls.file_for(site_path), page.kind, page.key, language.code, page.view))
    labels = urls.data_file(f"labels.{language.code}.json")  # beside the language-neutral exports
    found.append(Page(labels, urls.file_for(labels), "labels", language.code, language.code))
    return tuple(found)


def editions(pages: tuple[Page, ...], languages: tuple[Language, ...], texts: dict[str, Texts]) -> dict[str, Edition]:
    """Return each further language's edition, knowing which default pages it translates."""
    found = {}
    for language in languages:
        prefix = language.prefix + "/"
        paths = frozenset(p.site_path[len(prefix):] for p in pages
                          if p.lang == language.code and p.site_path.startswith(prefix))
        found[language.code] = Edition(language, texts[language.code], paths)
    return found


def translated_atlas(atlas: Atlas, texts: Texts) -> Atlas:
    """Return the atlas with the reader-facing fields of one language put in where they are translated (its
    dates are written in the language by the views, daytext.py: an untranslated record stays the same object)."""
    dimensions = tuple(_dimension(d, texts.dimensions.get(d.id)) for d in atlas.dimensions)
    jurisdictions = tuple(_jurisdiction(j, texts.jurisdictions.get(j.id)) for j in atlas.jurisdictions)
    policies = tuple(_policy(p, texts.policies.get(p.id)) for p in atlas.policies)
    briefs = tuple(_brief(b, texts.briefs.get(b.slug)) for b in atlas.briefs)
    site = texts.site
    navigation = tuple(replace(n, label=site.get("navigation", {}).get(n.path, n.label)) for n in atlas.site.navigation)
    regions = tuple(replace(r, label=site.get("regions", {}).get(r.id, r.label)) for r in atlas.site.regions)
    modalities = site.get("modalities", {})
    site = replace(_fields(atlas.site, site, ("title", "tagline", "description", "compare_caption")),
                   navigation=navigation, regions=regions, language=texts.code,
                   modalities_label=modalities.get("label", atlas.site.modalities_label),
                   modalities=tuple(replace(m, label=modalities.get("values", {}).get(m.id, m.label))
                                    for m in atlas.site.modalities))
    return replace(atlas, site=site, dimensions=dimensions, jurisdictions=jurisdictions, policies=policies, briefs=briefs,
                   dimension=MappingProxyType({d.id: d for d in dimensions}),
                   jurisdiction=MappingProxyType({j.id: j for j in jurisdictions}),
                   policy=MappingProxyType({p.id: p for p in policies}),
                   brief=MappingProxyType({b.slug: b for b in briefs}))


_CJK = "\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\u201c\u201d"
_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ \\t]*\\n[ \\t]*(?=[{_CJK}])|(?<=[{_CJK}]) (?=[{_CJK}])")


def join_lines(text: str) -> str:
    """Remove the line breaks (or spaces from folded YAML) between two CJK characters.

    A browser shows a line break inside a paragraph as a space, which Chinese text does not have.
    """
    return _BETWEEN_CJK.sub("", text)


UNSPACED = ("zh", "ja")  # languages written without spaces between words and sentences
_FULL_WIDTH_MARKS = "。，、；：！？）】」』"
# Over bytes (pages are tightened as written): each mark is three bytes in UTF-8, so an alternation, not a class
_AFTER_FULL_STOP = re.compile(b"((?:" + b"|".join(m.encode("utf-8") for m in _FULL_WIDTH_MARKS) + b")(?:</[a-z]+>)*)[ \t]+(?=\\S)")


def unspaced(code: str) -> bool:
    """Return whether a language is written without spaces between words and sentences (zh-Hans, ja)."""
    return code.split("-", 1)[0].lower() in UNSPACED


def tighten(html: bytes) -> bytes:
    """Remove the spaces a template puts between sentences and labels after full-width punctuation.

    The templates join translated sentences with a space ("{% endtrans %} {% trans %}"), as English
    wants; Chinese sets no space after 。 or ：, and a browser would show one. Spaces inside a sentence
    or before a link that follows one are kept; closing tags between the mark and the space are kept.
    """
    return _AFTER_FULL_STOP.sub(rb"\1", html)


def _fields(record, data: dict, names: tuple[str, ...]):
    return replace(record, **{name: join_lines(data[name].strip()) for name in names if name in data})


def _dimension(dimension, data: dict | None):
    if not data:
        return dimension
    values = tuple(_fields(v, data.get("values", {}).get(v.id, {}), ("label", "description", "code"))
                   for v in dimension.values)
    return replace(_fields(dimension, data, ("label", "question", "group", "description")), values=values)


def _jurisdiction(jurisdiction, data: dict | None):
    if not data:
        return jurisdiction
    authorities = tuple(_fields(a, t, ("name", "role")) for a, t in
                        zip(jurisdiction.authorities, [*data.get("authorities", []),
                                                       *[{}] * len(jurisdiction.authorities)]))
    return replace(_fields(jurisdiction, data, ("name", "official_name", "summary")), authorities=authorities)


def _policy(policy, data: dict | None):
    if not data:
        return policy
    notes = data.get("history", [])
    history = tuple(_fields(e, notes[e.index] if e.index < len(notes) else {}, ("note",)) for e in policy.history)
    seen: dict[str, int] = {}
    provisions = []
    for p in policy.provisions:
        entry = data.get("provisions", {}).get(p.dimension, {})
        if isinstance(entry, list):
            number = seen[p.dimension] = seen.get(p.dimension, -1) + 1
            entry = entry[number] if number < len(entry) else {}
        provisions.append(_fields(p, entry, ("note",)))
    return replace(_fields(policy, data, ("title", "short_title", "summary")), history=history,
                   provisions=tuple(provisions))


def _brief(brief, data: dict | None):
    if not data:
        return brief
    return replace(_fields(brief, data, ("title", "summary")), body=join_lines(data["body"]))


def labels_json(atlas: Atlas, translate) -> bytes:
    """Return a language's labels for the ids in the data exports: dimensions, values, records, types."""
    data = {
        "language": atlas.site.language,
        "dimensions": {d.id: {"label": d.label, "question": d.question,
                              "values": {v.id: v.label for v in d.values}} for d in atlas.dimensions},
        "jurisdictions": {j.id: j.name for j in atlas.jurisdictions},
        "policies": {p.id: p.short_title or p.title for p in atlas.policies},
        "types": {key: translate(label) for key, label in TYPE_LABELS.items()},
        "statuses": {key: translate(label) for key, label in STATUS_LABELS.items()},
        "kinds": {key: translate(label) for key, label in KIND_LABELS.items()},
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def list_separators(code: str):
    """Return what a template writes after each item of a list in a language, from Babel's CLDR list patterns.

    `separator(loop)` is "" after the last item; otherwise the joiner of the locale's standard list
    (A, B, and C; A and B; A、B和C), for lists written item by item in templates (links, with marks).
    """
    patterns = locales.locale(code).list_patterns["standard"]
    joiners = {key: pattern.replace("{0}", "").replace("{1}", "") for key, pattern in patterns.items()}

    def separator(loop) -> str:
        if loop.last:
            return ""
        if loop.length == 2:
            return joiners["2"]
        return joiners["end"] if loop.revindex == 2 else joiners["start"] if loop.first else joiners["middle"]
    return separator


@functools.lru_cache(maxsize=None)
def own_name(code: str) -> str:
    """Return a language's name in itself, from Babel's locale data: en -> English."""
    try:
        locale = locales.locale(code)
    except (ValueError, LookupError):
        return code
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


class Alternates:
    """By default-language site path, the (code, label, path) of every language a page exists in, where that is
    more than one (`get`). Found for each page asked about, from an index of the pages' addresses made when first
    asked: a build that renders a dozen pages does not sort out the languages of 15,000."""

    def __init__(self, pages: tuple[Page, ...], languages: tuple[Language, ...], default: str):
        self._pages, self._languages, self._default = pages, languages, default
        self._found: dict[str, Page] | None = None

    def get(self, base: str, missing: tuple = ()) -> tuple:
        """Return the (code, label, path) of each language the page at `base` exists in, or `missing` if only one."""
        if self._found is None:
            self._found = {page.site_path: page for page in self._pages if page.is_html and page.kind != "not_found"}
        entries = []
        page = self._found.get(base)
        if page is not None and not page.lang:
            entries.append((self._default, own_name(self._default), base))
        for lang in self._languages:
            page = self._found.get(f"{lang.prefix}/{base}")
            if page is not None and page.lang == lang.code:
                entries.append((lang.code, lang.label or own_name(self._default), page.site_path))
        return tuple(sorted(entries)) if len(entries) > 1 else missing
