"""What templates see: read-only views with labels and links worked out, no law derived in templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from markupsafe import Markup

from generator.site import urls
from generator.compare.derive import IN_EFFECT, PENDING, Cell, Comparison, Layer, status_on
from generator.content.model import Atlas
from generator.content.records import Dimension, Jurisdiction, Policy, Source

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
SECTOR_LABELS = {"both": "", "public": N_("public sector"), "private": N_("private sector")}
KIND_LABELS = {"supranational": N_("Supranational"), "country": N_("Country"), "state": N_("State or province"),
               "city": N_("City")}


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


def value_styles(dimensions) -> str:
    """Return the stylesheet with one colour rule per dimension value (no inline styles, for the CSP)."""
    rules = [f".badge.{value_class(d.id, v.id)} {{ background: {v.color}; color: {text_color(v.color)}; }}"
             for d in dimensions for v in d.values]
    rules += [f"svg .{value_class(d.id, v.id)} {{ fill: {v.color}; }}" for d in dimensions for v in d.values]
    return "/* Generated from dimensions.yaml: one colour per value. */\n" + "\n".join(rules) + "\n"


@dataclass(frozen=True)
class Ref:
    """A link to a record: its id, the text to show and where it lives."""

    id: str
    text: str
    url: str
    lang: str = ""  # set when the text is in another language than the page (an untranslated record)

    @property
    def attrs(self) -> Markup:
        """Return ' lang="en" hreflang="en"' for a link to an untranslated record, else nothing."""
        return Markup(f' lang="{self.lang}" hreflang="{self.lang}"') if self.lang else Markup("")


@dataclass(frozen=True)
class SourceView:
    id: str
    title: str
    publisher: str
    url: str
    date: str
    accessed: str


@dataclass(frozen=True)
class LayerView:
    """A provision as it bears on a cell."""

    policy: Ref
    jurisdiction: Ref
    inherited: bool
    value: str
    value_label: str
    css: str
    note: str
    status: str
    since: str
    source: SourceView
    pinpoint: str
    anchor: str  # link to the provision on the policy page


@dataclass(frozen=True)
class CellView:
    """One comparison cell: a labelled, coloured badge with its provenance."""

    jurisdiction: Ref
    dimension: Ref
    value: str
    label: str
    description: str
    css: str
    rank: int
    winner: LayerView | None
    others: tuple[LayerView, ...]
    pending: tuple[LayerView, ...]


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
        self._statuses = Built(self._policy_status)

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
                          source.date.human if source.date else "",
                          source.accessed.iso if source.accessed else "")

    def layer(self, layer: Layer, dimension: Dimension) -> LayerView:
        policy = self.atlas.policy[layer.policy]
        provision = layer.provision
        value = dimension.value(provision.value)
        return LayerView(
            policy=self.policy_ref(policy.id), jurisdiction=self.jurisdiction_ref(layer.jurisdiction),
            inherited=layer.inherited, value=value.id, value_label=value.label,
            css=value_class(dimension.id, value.id), note=provision.note,
            status=status_label(policy.type, layer.status),
            since=(provision.start.human if layer.scheduled and provision.start else
                   layer.since.human if layer.since else ""),
            source=self.source(policy.source(provision.cite.source)), pinpoint=provision.cite.pinpoint,
            anchor=f"{self.link(urls.policy(policy.id))}#provision-{dimension.id}")

    def cell(self, jurisdiction_id: str, dimension_id: str) -> CellView:
        return self._cells[(jurisdiction_id, dimension_id)]

    def _cell(self, key: tuple[str, str]) -> CellView:
        jurisdiction_id, dimension_id = key
        cell: Cell = self.comparison.cell(jurisdiction_id, dimension_id)
        dimension = self.atlas.dimension[dimension_id]
        value = dimension.value(cell.value)
        return CellView(
            jurisdiction=self.jurisdiction_ref(jurisdiction_id), dimension=self.dimension_ref(dimension_id),
            value=value.id, label=value.label, description=value.description,
            css=value_class(dimension_id, value.id), rank=dimension.rank(value.id),
            winner=self.layer(cell.winner, dimension) if cell.winner else None,
            others=tuple(self.layer(x, dimension) for x in cell.others),
            pending=tuple(self.layer(x, dimension) for x in cell.pending))

    def row(self, jurisdiction: Jurisdiction) -> tuple[CellView, ...]:
        return tuple(self.cell(jurisdiction.id, d.id) for d in self.atlas.dimensions)

    def policy_status(self, policy: Policy) -> tuple[str, str]:
        """Return (label, group) of the policy's status on the atlas date."""
        return self._statuses[policy.id]

    def _policy_status(self, policy_id: str) -> tuple[str, str]:
        policy = self.atlas.policy[policy_id]
        status, _ = status_on(policy, self.atlas.as_of)
        if not status:
            return "Not yet proposed", "none"
        return status_label(policy.type, status), status_group(status)
