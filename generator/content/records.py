"""The content model: frozen records built from schema-valid YAML, keeping where each came from."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from generator.dates import PartialDate, parse_date
from generator.problems import Position, Problem, field_path
from generator.content.wikilinks import WikiLink  # noqa: F401 (re-exported)
from generator.content.yamlload import Located


@dataclass(frozen=True, eq=False)
class Origin:
    """The file a record came from and the positions of its values, for messages."""

    path: str
    located: Located = field(repr=False)

    def at(self, *path, key: bool = False) -> Position:
        """Return the position of a field path within the record."""
        return self.located.position(path, key=key)

    def problem(self, path: tuple, message: str, hint: str = "") -> Problem:
        """Return a Problem located at `path` in this record."""
        where = self.at(*path)
        return Problem(self.path, where.line, where.column, message, field_path(path), hint)


@dataclass(frozen=True)
class Region:
    id: str
    label: str


@dataclass(frozen=True)
class Term:
    """One of the words a site defines for its topic (a modality: smartphones, appliances), by id."""

    id: str
    label: str


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str


@dataclass(frozen=True)
class Correction:
    """A correction made to the atlas, for the corrections log."""

    date: PartialDate | None  # None: the date as written is not a real date (references.py reports it)
    written: str  # the date as written
    summary: str
    jurisdiction: str
    dimension: str
    policy: str
    reported_by: str
    index: int  # its place in site.yaml's corrections.log, for messages


@dataclass(frozen=True)
class Language:
    """A further language of the site: its BCP 47 code, the folder its pages go in, its own name."""

    code: str
    prefix: str
    label: str
    pages: str = "translated"  # or "all"


@dataclass(frozen=True)
class Site:
    title: str
    tagline: str
    description: str
    base_url: str
    language: str
    theme: str
    author: str
    license: str
    featured_dimension: str
    navigation: tuple[NavItem, ...]
    regions: tuple[Region, ...]
    origin: Origin
    compare_caption: str = "Rules by jurisdiction and dimension"
    modalities_label: str = "Covers"
    modalities: tuple[Term, ...] = ()  # empty: a policy may list any ids
    corrections_channel: str = ""  # a new-issue URL or an e-mail address; empty: no correction links
    corrections: tuple[Correction, ...] = ()
    languages: tuple[Language, ...] = ()
    briefs_per_page: int = 100  # the list of briefs is cut into pages of this many

    def modality_label(self, modality_id: str) -> str:
        """Return the label of a modality id (the id itself when the site defines none)."""
        return next((m.label for m in self.modalities if m.id == modality_id), modality_id)


@dataclass(frozen=True)
class Value:
    id: str
    label: str
    description: str
    color: str
    code: str = ""  # its short code in the compact overview; "" to make one from the label


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    question: str
    group: str
    description: str
    values: tuple[Value, ...]
    index: int  # position in dimensions.yaml, for messages
    by_sector: bool = True  # may a provision bind only the public or only the private sector

    def value(self, value_id: str) -> Value | None:
        """Return the value with this id, or None."""
        return next((v for v in self.values if v.id == value_id), None)

    def rank(self, value_id: str) -> int:
        """Return the value's place in the dimension's order (unknown ids last)."""
        ids = [v.id for v in self.values]
        return ids.index(value_id) if value_id in ids else len(ids)


@dataclass(frozen=True)
class Authority:
    name: str
    role: str
    url: str


@dataclass(frozen=True)
class Jurisdiction:
    id: str
    name: str
    official_name: str
    kind: str
    parent: str
    iso_numeric: str
    region: str
    summary: str
    authorities: tuple[Authority, ...]
    draft: bool
    origin: Origin = field(compare=False, repr=False)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    date: PartialDate | None
    accessed: PartialDate | None
    language: str
    kind: str  # official, secondary, news, company, ngo or academic


@dataclass(frozen=True)
class Cite:
    source: str
    pinpoint: str


@dataclass(frozen=True)
class Event:
    date: PartialDate
    status: str
    note: str
    cite: Cite | None
    index: int


@dataclass(frozen=True)
class Provision:
    dimension: str
    value: str
    note: str
    cite: Cite
    start: PartialDate | None
    end: PartialDate | None
    sector: str = "both"  # public, private or both
    path: tuple = ()  # where it stands in the record, for messages


@dataclass(frozen=True)
class OriginalTitle:
    text: str
    lang: str


@dataclass(frozen=True)
class OfficialText:
    url: str
    title: str
    publisher: str
    accessed: PartialDate | None  # None: the link could not be opened when the record was written


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    short_title: str
    title_original: OriginalTitle | None
    official_text: OfficialText | None
    jurisdiction: str
    applies_to: tuple[str, ...]
    type: str
    history: tuple[Event, ...]
    modalities: tuple[str, ...]
    summary: str
    provisions: tuple[Provision, ...]
    sources: tuple[Source, ...]
    tags: tuple[str, ...]
    draft: bool
    origin: Origin = field(compare=False, repr=False)

    def source(self, source_id: str) -> Source | None:
        """Return this policy's source with the given id, or None."""
        return next((s for s in self.sources if s.id == source_id), None)


@dataclass(frozen=True)
class Brief:
    slug: str
    title: str
    date: PartialDate
    updated: PartialDate | None
    authors: tuple[str, ...]
    summary: str
    jurisdictions: tuple[str, ...]
    policies: tuple[str, ...]
    tags: tuple[str, ...]
    draft: bool
    body: str
    links: tuple[WikiLink, ...]
    origin: Origin = field(compare=False, repr=False)


class _Dates:
    """Parses dates at field paths, collecting a Problem for each bad one."""

    def __init__(self, origin: Origin):
        self.origin = origin
        self.problems: list[Problem] = []

    def __call__(self, text, *path) -> PartialDate | None:
        if text is None:
            return None
        try:
            return _shared(parse_date(str(text)))  # one object for a date many records write (below)
        except ValueError as error:
            self.problems.append(self.origin.problem(path, str(error)))
            return None


def site_from(data: dict, origin: Origin) -> Site:
    """Return the Site settings from schema-valid data."""
    return Site(
        title=data["title"], tagline=data.get("tagline", ""), description=data.get("description", ""),
        base_url=data["base_url"] if data["base_url"].endswith("/") else data["base_url"] + "/",
        language=data["language"], theme=data.get("theme", "default"), author=data.get("author", ""),
        license=data.get("license", ""), featured_dimension=data.get("featured_dimension", ""),
        navigation=tuple(NavItem(n["label"], n["path"]) for n in data.get("navigation", [])),
        regions=tuple(Region(r["id"], r["label"]) for r in data["regions"]), origin=origin,
        compare_caption=data.get("compare_caption", Site.compare_caption),
        modalities_label=data.get("modalities", {}).get("label", Site.modalities_label),
        modalities=tuple(Term(m["id"], m["label"]) for m in data.get("modalities", {}).get("values", [])),
        corrections_channel=data.get("corrections", {}).get("channel", ""),
        corrections=tuple(_correction(c, i) for i, c in enumerate(data.get("corrections", {}).get("log", []))),
        languages=tuple(Language(x["code"], x["prefix"], x["label"], x.get("pages", "translated"))
                        for x in data.get("languages", [])),
        briefs_per_page=data.get("briefs_per_page", Site.briefs_per_page))


def _correction(data: dict, index: int) -> Correction:
    try:
        date = parse_date(str(data["date"]))
    except ValueError:
        date = None
    return Correction(date, str(data["date"]), data["summary"].strip(), data.get("jurisdiction", ""),
                      data.get("dimension", ""), data.get("policy", ""), data.get("reported_by", ""), index)


def dimensions_from(data: list) -> tuple[Dimension, ...]:
    """Return the dimensions from schema-valid data, in file order."""
    return tuple(
        Dimension(d["id"], d["label"], d["question"], d.get("group", ""), d.get("description", ""),
                  tuple(Value(v["id"], v["label"], v.get("description", ""), v["color"].lower(), v.get("code", ""))
                        for v in d["values"]), index, d.get("by_sector", True))
        for index, d in enumerate(data))


def jurisdiction_from(data: dict, origin: Origin) -> Jurisdiction:
    """Return a Jurisdiction from schema-valid data."""
    return Jurisdiction(
        id=data["id"], name=data["name"], official_name=data.get("official_name", ""), kind=data["kind"],
        parent=data.get("parent", ""), iso_numeric=data.get("iso_numeric", ""), region=data["region"],
        summary=data["summary"].strip(),
        authorities=tuple(Authority(a["name"], a.get("role", ""), a.get("url", ""))
                          for a in data.get("authorities", [])),
        draft=data.get("draft", False), origin=origin)


def _name(text: str) -> str:
    """Return an id, a value, a tag or a name that many records write, as the one string object of its text
    (sys.intern): at 10,000 briefs 355,000 strings of the records are 202,000 texts, 150,000 of the copies ids,
    values and tags. The state a full build keeps (builds/state.py) then pickles each once."""
    return sys.intern(text)


def _names(texts: list) -> tuple[str, ...]:
    """Return a list of ids, tags or names, one tuple for the same list written again (10,000 briefs write 64
    different lists of authors)."""
    return _shared(tuple(map(_name, texts)))


_SHARED: dict = {}  # for _shared
_MAX_SHARED = 100_000


def _shared(value):
    """Return `value`, or the equal one made before in this process, which records then share: dates (at 10,000
    briefs 21,000 dates are 6,500 different ones), citations (14,000 provisions and events cite 300 places), lists
    of names, provisions' paths."""
    known = _SHARED.get(value)
    if known is None:
        if len(_SHARED) >= _MAX_SHARED:  # serve runs for days: what it keeps stays bounded
            _SHARED.clear()
        known = _SHARED[value] = value
    return known


def _cite(data: dict | None) -> Cite | None:
    return _shared(Cite(_name(data["source"]), data.get("pinpoint", ""))) if data else None


def _provisions(data: dict):
    """Yield (dimension, provision data, field path) for each provision, one or a list per dimension."""
    for dim, entry in data.items():
        dim = _name(dim)
        if isinstance(entry, list):
            for i, item in enumerate(entry):
                yield dim, item, _shared(("provisions", dim, i))
        else:
            yield dim, entry, _shared(("provisions", dim))


def policy_from(data: dict, origin: Origin) -> tuple[Policy, list[Problem]]:
    """Return a Policy from schema-valid data, and the problems with its dates."""
    date = _Dates(origin)
    sources = tuple(
        Source(_name(s["id"]), s["title"], _name(s.get("publisher", "")), s["url"],
               date(s.get("date"), "sources", i, "date"), date(s["accessed"], "sources", i, "accessed"),
               _name(s.get("language", "")), _name(s["kind"]))
        for i, s in enumerate(data["sources"]))
    history = tuple(
        Event(date(e["date"], "history", i, "date"), _name(e["status"]), e.get("note", ""), _cite(e.get("cite")), i)
        for i, e in enumerate(data["history"]))
    provisions = tuple(
        Provision(dim, _name(p["value"]), p["note"].strip(), _cite(p["cite"]), date(p.get("from"), *at, "from"),
                  date(p.get("until"), *at, "until"), _name(p.get("sector", "both")), at)
        for dim, p, at in _provisions(data.get("provisions", {})))
    official = data.get("official_text")
    original = data.get("title_original")
    policy = Policy(
        id=data["id"], title=data["title"], short_title=data.get("short_title", ""),
        title_original=OriginalTitle(original["text"], original["lang"]) if original else None,
        official_text=OfficialText(official["url"], official.get("title", ""), official.get("publisher", ""),
                                   date(official.get("accessed"), "official_text", "accessed")) if official else None,
        jurisdiction=_name(data["jurisdiction"]), applies_to=_names(data.get("applies_to", [])),
        type=_name(data["type"]),
        history=tuple(e for e in history if e.date is not None), modalities=_names(data.get("modalities", [])),
        summary=data["summary"].strip(), provisions=provisions, sources=sources,
        tags=_names(data.get("tags", [])), draft=data.get("draft", False), origin=origin)
    return policy, date.problems


def brief_from(slug: str, data: dict, body: str, links: tuple[WikiLink, ...],
               origin: Origin) -> tuple[Brief, list[Problem]]:
    """Return a Brief from schema-valid front matter and its Markdown body."""
    date = _Dates(origin)
    brief = Brief(
        slug=slug, title=data["title"], date=date(data["date"], "date"), updated=date(data.get("updated"), "updated"),
        authors=_names(data.get("authors", [])), summary=data["summary"].strip(),
        jurisdictions=_names(data.get("jurisdictions", [])), policies=_names(data.get("policies", [])),
        tags=_names(data.get("tags", [])), draft=data.get("draft", False), body=body, links=links, origin=origin)
    return brief, date.problems
