"""What templates see: read-only views with labels and links worked out, no law derived in templates."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from markupsafe import Markup

from generator.site import daytext, urls
from generator.compare.derive import (BOTH, IN_EFFECT, KNOWN, NOT_RESEARCHED, PENDING, PRIVATE, PUBLIC,
                                      UNKNOWN, Cell, Comparison, Layer, status_on)
from generator.content.model import Atlas
from generator.content.records import Dimension, Jurisdiction, Policy, Source
from generator.dates import PartialDate
from generator.site.viewtypes import CellView, Glance, LayerView, Ref, SourceView  # noqa: F401 (views.Ref etc., as before)

NO_ATTRIBUTE = Markup("")


def N_(text: str) -> str:
    """Mark a label for the translators' catalog (pybabel extract -k N_); templates translate it with _()."""
    return text


TYPE_LABELS = {"statute": N_("Statute"), "regulation": N_("Regulation"), "court_ruling": N_("Court ruling"),
               "enforcement": N_("Enforcement decision"), "programme": N_("Programme"), "proposal": N_("Proposal"),
               "guidance": N_("Guidance")}
STATUS_LABELS = {"proposed": N_("Proposed"), "adopted": N_("Adopted, not yet in force"), "in_force": N_("In force"),
                 "amended": N_("In force (amended)"), "decided": N_("Decided"), "settled": N_("Settled"),
                 "suspended": N_("Suspended"), "struck_down": N_("Struck down"), "overturned": N_("Overturned"),
                 "withdrawn": N_("Withdrawn"), "lapsed": N_("Lapsed"), "repealed": N_("Repealed")}
PROVISION_STEPS = {"applies": N_("Provision applies"), "ends": N_("Provision ends")}  # changed cells (changeviews)
KIND_LABELS = {"supranational": N_("Supranational"), "country": N_("Country"), "state": N_("State or province"),
               "city": N_("City")}
SOURCE_KIND_LABELS = {"official": N_("Official text"), "secondary": N_("Secondary source"), "news": N_("News report"),
                      "company": N_("Company's own claim"), "ngo": N_("NGO report"), "academic": N_("Academic work")}
SOURCE_KIND_WORDS = {"official": N_("official"), "secondary": N_("secondary"), "news": N_("news"),
                     "company": N_("company"), "ngo": N_("NGO"), "academic": N_("academic")}  # in narrow cells
ALL = urls.ALL_SECTORS  # the view of both sectors: a cell whose sectors differ shows each
VIEWS = (ALL, PUBLIC, PRIVATE)
SECTOR_LABELS = {ALL: N_("All sectors"), PUBLIC: N_("Public sector"), PRIVATE: N_("Private sector"),
                 BOTH: N_("Both sectors")}
SECTOR_WORDS = {PUBLIC: N_("Public"), PRIVATE: N_("Private")}  # before each sector's part of a compare cell
RESEARCH_LABELS = {KNOWN: N_("Answered"), UNKNOWN: N_("Researched but undetermined"),
                   NOT_RESEARCHED: N_("Not yet researched")}
NOT_RESEARCHED_VALUE = "-"  # a cell's value in the page's data when no provision covers it (never a value id)
NO_RECORD = N_("No record in the atlas covers this yet.")
NO_RECORD_TITLE = N_("No record in the atlas covers this yet")  # a badge's title: no full stop
DIFFERS = N_("Differs by sector")
DIFFERS_DESCRIPTION = N_("The public and the private sector have different values: see each.")
CHANGES_OF = N_("%(name)s: changes")  # an Atom feed of cell changes (changefeeds)
FEED_SUMMARY = N_("On %(date)s: %(before)s → %(after)s%(rule)s. Because of: %(causes)s.")  # one entry
FEED_NOW = N_("Now: %(note)s")
CORRECTIONS, CORRECTION, CORRECTION_OF = N_("Corrections"), N_("Correction"), N_("Correction: %(about)s")
VIA = N_("via")  # "GDPR, via European Union" (the overview's cells, changes.js)
NO_RULE = N_("no record")  # one sector's rule in an overview cell whose sectors differ, when no record covers it
DIFFERS_IN = N_("Differs in the")  # before "Private sector: Restricted", for screen readers


def status_label(policy_type: str, status: str) -> str:
    """Return the reader's word for a status ('Operating' for a programme in force)."""
    if policy_type == "programme" and status == "in_force":
        return N_("Operating")
    if policy_type == "programme" and status == "adopted":
        return N_("Announced")
    label = STATUS_LABELS.get(status)
    return label if label is not None else status.replace("_", " ").capitalize()


def status_group(status: str) -> str:
    """Return 'active', 'pending', 'ended' or 'none' for styling."""
    if status in IN_EFFECT:
        return "active"
    if status in PENDING:
        return "pending"
    return "ended" if status else "none"


def text_color(background: str) -> str:
    """Return black or white, whichever reads better on a #rrggbb background (WCAG luminance)."""
    channels = [int(background[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def value_class(dimension_id: str, value_id: str) -> str:
    """Return the CSS class that colours a badge for this value (see value_styles)."""
    return f"v-{dimension_id}-{value_id}"


def provision_anchor(dimension_id: str, sector: str) -> str:
    """Return the id of a provision on its policy's page: provision-consent, or provision-consent-private."""
    return f"provision-{dimension_id}" if sector == BOTH else f"provision-{dimension_id}-{sector}"


def value_styles(dimensions) -> str:
    """Return the stylesheet with one colour rule per dimension value (no inline styles, for the CSP)."""
    rules = [f".badge.{value_class(d.id, v.id)} {{ background: {v.color}; color: {text_color(v.color)}; }}"
             for d in dimensions for v in d.values]
    rules += [f"svg .{value_class(d.id, v.id)} {{ fill: {v.color}; }}" for d in dimensions for v in d.values]
    return "/* Generated from dimensions.yaml: one colour per value. */\n" + "\n".join(rules) + "\n"


def _merged(layer_lists) -> tuple[LayerView, ...]:
    """Return the layers of both sectors' cells, each once (a provision binding both is in both lists)."""
    seen: dict[tuple[str, str], LayerView] = {}
    for layers in layer_lists:
        for layer in layers:
            seen.setdefault((layer.policy.id, layer.anchor), layer)
    return tuple(seen.values())


class Built(dict):
    """A dict that builds the value of a missing key with `build(key)` the first time it is asked for."""

    def __init__(self, build: Callable[[Any], Any]):
        super().__init__()
        self._build = build

    def __missing__(self, key):
        value = self[key] = self._build(key)
        return value


class Views:
    """Builds views for one atlas and comparison; every link goes through `urls`.

    The atlas and comparison never change, so each view is built once, the first time a page asks
    for it, and shared by every later page (a jurisdiction's cells appear on its own page, the
    dimension pages, the compare table and side by side). Forked workers each fill their own.
    """

    def __init__(self, atlas: Atlas, comparison: Comparison, links: urls.Urls):
        # The page language's word for a label the code chose, and its marks between a label and its value, in
        # lists and between sentences (site/punctuation.py): render.environment sets both from the language's catalog.
        self.translate: Callable[[str], str] = str
        self.marks = None
        self.atlas = atlas
        self.comparison = comparison
        self.links = links
        self._base_path = links.base_path  # every link on every page starts with it: parse base_url once
        self._jurisdiction_refs = Built(self._jurisdiction_ref)
        self._policy_refs = Built(self._policy_ref)
        self._dimension_refs = Built(self._dimension_ref)
        self._brief_refs = Built(self._brief_ref)
        self._record_refs = Built(self._record_ref)
        self._cells = Built(self._cell)
        self._glances = Built(self._glance)
        self._statuses = Built(self._policy_status)
        # A provision bears the same way on every jurisdiction that inherits it: one view of it for them all.
        self._layers: dict[tuple, LayerView] = {}
        self._values = {d.id: {v.id: v for v in d.values} for d in atlas.dimensions}

    def over(self, comparison: Comparison) -> "Views":
        """Return views of another comparison of the same atlas (a hypothesis: "if enacted").

        They share every view that depends on the atlas alone (links, statuses, provisions' layers) and
        the cells whose derived cells are the very same objects in both comparisons (WhatIf works out
        again only the cells a policy can reach): a scenario's pages cost what differs, not a new atlas.
        """
        other = object.__new__(type(self))
        other.__dict__.update(self.__dict__)
        other.comparison = comparison

        def shared(mine: Callable, theirs: Callable) -> Built:
            """Views by (jurisdiction, dimension, view): this comparison's own where its cells differ, else ours."""
            return Built(lambda key: theirs(*key) if comparison.cells[key[:2]] is self.comparison.cells[key[:2]]
                         else mine(key))

        other._cells, other._glances = shared(other._cell, self.cell), shared(other._glance, self.glance)
        return other

    def link(self, site_path: str) -> str:
        """Return a root-relative link, as urls.Urls.link does."""
        return self._base_path + site_path

    def jurisdiction_ref(self, jurisdiction_id: str) -> Ref:
        return self._jurisdiction_refs[jurisdiction_id]

    def _jurisdiction_ref(self, jurisdiction_id: str) -> Ref:
        j = self.atlas.jurisdiction[jurisdiction_id]
        return Ref(j.id, j.name, self.link(urls.jurisdiction(j.id)))

    def policy_ref(self, policy_id: str) -> Ref:
        return self._policy_refs[policy_id]

    def _policy_ref(self, policy_id: str) -> Ref:
        p = self.atlas.policy[policy_id]
        return Ref(p.id, p.short_title or p.title, self.link(urls.policy(p.id)))

    def dimension_ref(self, dimension_id: str) -> Ref:
        return self._dimension_refs[dimension_id]

    def _dimension_ref(self, dimension_id: str) -> Ref:
        d = self.atlas.dimension[dimension_id]
        return Ref(d.id, d.label, self.link(urls.dimension(d.id)))

    def brief_ref(self, slug: str) -> Ref:
        return self._brief_refs[slug]

    def _brief_ref(self, slug: str) -> Ref:
        b = self.atlas.brief[slug]
        return Ref(b.slug, b.title, self.link(urls.brief(b.slug)))

    def record_ref(self, record_id: str) -> Ref | None:
        """Return a link to any record by id ([[id]] in briefs), or None."""
        return self._record_refs[record_id]

    def _record_ref(self, record_id: str) -> Ref | None:
        if record_id in self.atlas.policy:
            return Ref(record_id, self.atlas.policy[record_id].title, self.link(urls.policy(record_id)))
        if record_id in self.atlas.jurisdiction:
            return self.jurisdiction_ref(record_id)
        if record_id in self.atlas.brief:
            return self.brief_ref(record_id)
        if record_id in self.atlas.dimension:
            return self.dimension_ref(record_id)
        return None

    def source(self, source: Source) -> SourceView:
        return SourceView(source.id, source.title, source.publisher, source.url,
                          self.date(source.date),
                          source.accessed.iso if source.accessed else "", source.kind,
                          SOURCE_KIND_LABELS.get(source.kind, source.kind), SOURCE_KIND_WORDS.get(source.kind, source.kind),
                          self.source_lang(source))

    def date(self, date: PartialDate | None) -> str:
        """Return a date as this edition's readers write it (daytext.py); "" for None."""
        return daytext.partial(date, self.atlas.site.language)

    def source_lang(self, source: Source) -> str:
        """Return the language of a source's title when a page of this atlas must mark it, else ""."""
        return source.language if source.language and source.language != self.atlas.site.language else ""

    def note(self, provision) -> str:
        """Return the note of a provision of the comparison (made from the default language's records) as this
        edition's readers read it: the translated note where the policy's translation has one (EditionViews)."""
        return provision.note

    def lang(self, text: str) -> str:
        """Return the language of a record's text shown on this edition's pages where it is not the page's (an
        untranslated note or summary: EditionViews), else ""."""
        return ""

    # The templates' filters `marked` and `lang_attr` (render.environment): a filter is bound when a template is
    # compiled, a global function looked up at every call; on the default language's pages both do nothing.

    def lang_attr(self, text: str) -> Markup:
        """Return ' lang="en"' for an element that holds only `text`, where lang() gives one; else nothing."""
        return NO_ATTRIBUTE

    def marked(self, text: str) -> str:
        """Return `text` in a <span lang>, escaped, where lang() gives one (a screen reader then reads it in its
        own language's voice); else `text` as it is, for the template to escape."""
        return text

    def layer(self, layer: Layer, dimension: Dimension) -> LayerView:
        """Return the view of a provision as it bears on a cell (shared by every cell it bears on the same way)."""
        key = (layer.policy, id(layer.provision), layer.jurisdiction, layer.inherited, layer.status, layer.since,
               layer.scheduled)
        found = self._layers.get(key)
        if found is None:
            found = self._layers[key] = self._layer(layer, dimension)
        return found

    def _layer(self, layer: Layer, dimension: Dimension) -> LayerView:
        policy = self.atlas.policy[layer.policy]
        provision = layer.provision
        value = self._values[dimension.id][provision.value]
        return LayerView(
            policy=self.policy_ref(policy.id), jurisdiction=self.jurisdiction_ref(layer.jurisdiction),
            inherited=layer.inherited, value=value.id, value_label=value.label,
            css=value_class(dimension.id, value.id), note=self.note(provision),
            status=status_label(policy.type, layer.status),
            since=self.date(provision.start if layer.scheduled and provision.start else layer.since),
            source=self.source(policy.source(provision.cite.source)), pinpoint=provision.cite.pinpoint,
            anchor=f"{self.link(urls.policy(policy.id))}#{provision_anchor(dimension.id, provision.sector)}",
            sector=provision.sector, sector_label=SECTOR_LABELS[provision.sector] if provision.sector != BOTH else "")

    def cell(self, jurisdiction_id: str, dimension_id: str, view: str = ALL) -> CellView:
        """Return the cell as one view shows it: ALL (both sectors, each where they differ), PUBLIC or PRIVATE."""
        return self._cells[(jurisdiction_id, dimension_id, view)]

    def _cell(self, key: tuple[str, str, str]) -> CellView:
        jurisdiction_id, dimension_id, view = key
        cells = self.comparison.sectors(jurisdiction_id, dimension_id)
        if len(cells) == 1:  # one cell for both sectors: every view shows the same
            return self._one(cells[0]) if view == ALL else self.cell(jurisdiction_id, dimension_id, ALL)
        parts = tuple(self._one(cell) for cell in cells)
        differs = parts[0].value != parts[1].value
        if view != ALL:
            part, other = parts if view == PUBLIC else reversed(parts)
            return replace(part, contrast=other if differs else None)
        return CellView(
            jurisdiction=parts[0].jurisdiction, dimension=parts[0].dimension,
            value=" ".join(part.value for part in parts),
            label=DIFFERS if differs else parts[0].label,
            description="" if differs else parts[0].description, css="sector-differs" if differs else parts[0].css,
            rank=min(part.rank for part in parts), winner=None, others=_merged(part.others for part in parts),
            pending=_merged(part.pending for part in parts),
            status=parts[0].status if parts[0].status == parts[1].status else "", parts=parts, differs=differs)

    def _one(self, cell: Cell) -> CellView:
        """Return the view of one derived cell (both sectors' or one sector's)."""
        dimension = self.atlas.dimension[cell.dimension]
        jurisdiction, dimension_ref = self.jurisdiction_ref(cell.jurisdiction), self.dimension_ref(cell.dimension)
        sector_label = SECTOR_LABELS[cell.sector] if cell.sector != BOTH else ""
        sector_word = SECTOR_WORDS.get(cell.sector, "")
        pending = tuple(self.layer(x, dimension) for x in cell.pending)
        if cell.winner is None:
            return CellView(jurisdiction, dimension_ref, NOT_RESEARCHED_VALUE, RESEARCH_LABELS[NOT_RESEARCHED],
                            NO_RECORD, "not-researched", len(dimension.values),
                            None, (), pending, cell.sector, sector_label, sector_word, NOT_RESEARCHED)
        value = self._values[dimension.id][cell.value]
        return CellView(
            jurisdiction, dimension_ref, value.id, value.label, value.description, value_class(dimension.id, value.id),
            dimension.rank(value.id), self.layer(cell.winner, dimension),
            tuple(self.layer(x, dimension) for x in cell.others), pending, cell.sector, sector_label, sector_word,
            cell.status)

    def glance(self, jurisdiction_id: str, dimension_id: str, view: str = ALL) -> Glance:
        """Return what a map shows of a cell in a view: as cell() would, without the provisions' views."""
        return self._glances[(jurisdiction_id, dimension_id, view)]

    def _glance(self, key: tuple[str, str, str]) -> Glance:
        jurisdiction_id, dimension_id, view = key
        cells = self.comparison.sectors(jurisdiction_id, dimension_id)
        if len(cells) == 1:
            return self._glance_of(cells[0])
        parts = tuple(self._glance_of(cell) for cell in cells)  # public, private
        if view != ALL:
            return parts[0] if view == PUBLIC else parts[1]
        differs = parts[0].value != parts[1].value
        return Glance(" ".join(part.value for part in parts), DIFFERS if differs else parts[0].label,
                      "sector-differs" if differs else parts[0].css,
                      parts[0].status if parts[0].status == parts[1].status else "", "", parts, differs)

    def _glance_of(self, cell: Cell) -> Glance:
        sector_label = SECTOR_LABELS[cell.sector] if cell.sector != BOTH else ""
        if cell.winner is None:
            return Glance(NOT_RESEARCHED_VALUE, RESEARCH_LABELS[NOT_RESEARCHED], "not-researched", NOT_RESEARCHED,
                          sector_label)
        value = self._values[cell.dimension][cell.value]
        return Glance(value.id, value.label, value_class(cell.dimension, value.id), cell.status, sector_label)

    def label(self, cell: CellView | Glance) -> str:
        """Return a cell's label in the page's language: a value's comes translated, 'Not yet researched' does not."""
        return self.translate(cell.label) if cell.status == NOT_RESEARCHED else cell.label

    def row(self, jurisdiction: Jurisdiction, view: str = ALL) -> tuple[CellView, ...]:
        return tuple(self.cell(jurisdiction.id, d.id, view) for d in self.atlas.dimensions)

    def policy_status(self, policy: Policy) -> tuple[str, str]:
        """Return (label, group) of the policy's status on the atlas date."""
        return self._statuses[policy.id]

    def _policy_status(self, policy_id: str) -> tuple[str, str]:
        policy = self.atlas.policy[policy_id]
        status, _ = status_on(policy, self.atlas.as_of)
        if not status:
            return N_("Not yet proposed"), "none"
        return status_label(policy.type, status), status_group(status)
