"""Stage 4: derive the comparison — the cells of each jurisdiction and dimension, as of a date, with provenance.

A provision binds the public sector (the state and its bodies), the private sector, or both. Each
sector's cell is derived from the provisions that bind it, by the same rules (the most specific
jurisdiction wins, then the latest; an `unknown` never hides a known value). Where every
provision bearing on a cell binds both sectors (most do), one cell stands for both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from generator.dates import PartialDate
from generator.content.model import Atlas
from generator.content.records import Policy, Provision

IN_EFFECT = frozenset({"in_force", "amended", "decided", "settled"})
PENDING = frozenset({"proposed", "adopted"})
ENDED = frozenset({"suspended", "struck_down", "overturned", "withdrawn", "lapsed", "repealed"})
UNKNOWN = "unknown"
PUBLIC, PRIVATE, BOTH = "public", "private", "both"
SECTORS = (PUBLIC, PRIVATE)
# A cell's research status: a known value (a rule, or researched and found to have none: `none`-like
# values), researched but undetermined (the value `unknown`), or not researched (no provision covers it).
KNOWN, NOT_RESEARCHED = "known", "not_researched"
STATUSES = (KNOWN, UNKNOWN, NOT_RESEARCHED)


@dataclass(frozen=True)
class Layer:
    """One provision that bears on a cell, and why."""

    policy: str
    jurisdiction: str  # where the policy was made
    inherited: bool  # made by an ancestor of the cell's jurisdiction
    provision: Provision
    status: str  # the policy's status on the date
    since: PartialDate | None  # when it began to apply (in effect) or its latest step (pending)
    scheduled: bool  # in effect, but this provision applies only from a later date


@dataclass(frozen=True)
class Cell:
    """The derived value of one dimension in one jurisdiction, for one sector or both, with what it rests on."""

    jurisdiction: str
    dimension: str
    value: str  # one of the dimension's values; `unknown` also when no provision covers the cell (see status)
    winner: Layer | None
    others: tuple[Layer, ...]  # other provisions in effect, outranked by the winner
    pending: tuple[Layer, ...]  # proposals, laws not yet in force, provisions not yet applying
    sector: str = BOTH  # the sector it holds for: public, private, or both

    @property
    def status(self) -> str:
        """Return KNOWN, UNKNOWN (researched, undetermined) or NOT_RESEARCHED (no provision in effect covers it)."""
        if self.winner is None:
            return NOT_RESEARCHED
        return UNKNOWN if self.value == UNKNOWN else KNOWN


class SectorsDiffer(ValueError):
    """Asked for the one cell of a jurisdiction and dimension whose sectors have different cells."""


@dataclass(frozen=True)
class Comparison:
    as_of: dt.date
    cells: Mapping[tuple[str, str], tuple[Cell, ...]]  # one cell for both sectors, or the public and the private cell

    def sectors(self, jurisdiction: str, dimension: str) -> tuple[Cell, ...]:
        """Return the cell both sectors share, alone, or the public and the private cell."""
        return self.cells[(jurisdiction, dimension)]

    def cell(self, jurisdiction: str, dimension: str, sector: str = BOTH) -> Cell:
        """Return the cell of one sector (public or private), or by default the cell both share.

        Raises SectorsDiffer when asked for the shared cell of a jurisdiction and dimension whose
        sectors differ (sectors() gives both).
        """
        cells = self.cells[(jurisdiction, dimension)]
        if len(cells) == 1:
            return cells[0]
        if sector == BOTH:
            raise SectorsDiffer(f"{jurisdiction}, {dimension}: the public and the private sector differ")
        return cells[SECTORS.index(sector)]


def status_on(policy: Policy, day: dt.date) -> tuple[str, PartialDate | None]:
    """Return the policy's status on `day` and when its current run of that kind began ('' if not yet)."""
    status, since = "", None
    for event in policy.history:
        if event.date.first > day:
            break
        same_kind = (event.status in IN_EFFECT and status in IN_EFFECT)
        if not same_kind:
            since = event.date
        status = event.status
    return status, since


def derive(atlas: Atlas, as_of: dt.date | None = None) -> Comparison:
    """Return every cell of the comparison as it stood on `as_of` (the atlas's date by default)."""
    day = as_of or atlas.as_of
    statuses = {p.id: status_on(p, day) for p in atlas.policies}
    reach = reach_of(atlas)
    cells, made = {}, {}
    for jurisdiction in atlas.jurisdictions:
        chain = atlas.chain[jurisdiction.id]
        layers = _layers(atlas, chain, statuses, reach, day, made)
        for dimension in atlas.dimensions:
            cells[(jurisdiction.id, dimension.id)] = sector_cells(jurisdiction.id, dimension.id,
                                                                 layers.get(dimension.id, ([], [])))
    return Comparison(day, MappingProxyType(cells))


def rederive(atlas: Atlas, comparison: Comparison, jurisdictions: set[str]) -> Comparison:
    """Return `comparison` with the cells of these jurisdictions derived again from `atlas` (after a policy edit).

    The cells are those derive() would make: the same functions, for fewer jurisdictions.
    """
    day = comparison.as_of
    reach = reach_of(atlas)
    chains = {j: atlas.chain[j] for j in jurisdictions}
    statuses = {p: status_on(atlas.policy[p], day) for chain in chains.values() for h in chain for p in reach[h]}
    cells, made = dict(comparison.cells), {}
    for jurisdiction, chain in chains.items():
        layers = _layers(atlas, chain, statuses, reach, day, made)
        for dimension in atlas.dimensions:
            cells[(jurisdiction, dimension.id)] = sector_cells(jurisdiction, dimension.id,
                                                              layers.get(dimension.id, ([], [])))
    return Comparison(day, MappingProxyType(cells))


def reach_of(atlas: Atlas) -> dict[str, tuple[str, ...]]:
    """Return, for each jurisdiction, the policies made by it or applied to it directly."""
    reach: dict[str, list[str]] = {j.id: list(atlas.policies_of[j.id]) for j in atlas.jurisdictions}
    for policy in atlas.policies:
        for other in policy.applies_to:
            reach[other].append(policy.id)
    return {k: tuple(sorted(set(v))) for k, v in reach.items()}


def _layers(atlas, chain, statuses, reach, day, made: dict) -> dict[str, tuple[list, list]]:
    """Return dimension -> (layers in effect, pending layers), most specific first, then latest. `made`: the layers
    made so far on `day`, by provision and whether inherited, which the next jurisdictions share (a country's
    provision is the same layer in each of its states: at 10,000 briefs 25,800 layers are 18,700)."""
    found: dict[str, tuple[list, list]] = {}
    for depth, holder in enumerate(chain):
        for policy_id in reach[holder]:
            status, since = statuses[policy_id]
            if not status or status in ENDED:
                continue
            policy = atlas.policy[policy_id]
            for provision in policy.provisions:
                key = (id(provision), depth > 0)
                if key not in made:
                    made[key] = layer_on(policy, provision, depth > 0, status, since, day)
                layer = made[key]
                if layer is not None:
                    in_effect, pending = found.setdefault(provision.dimension, ([], []))
                    (in_effect if applies(layer) else pending).append((depth, layer))
    return {dim: (ordered(a), ordered(p)) for dim, (a, p) in found.items()}


def layer_on(policy: Policy, provision: Provision, inherited: bool, status: str, since: PartialDate | None,
             day: dt.date) -> Layer | None:
    """Return the layer a provision of a policy with this status (status_on) makes on `day`, or None."""
    if not status or status in ENDED or (provision.end and provision.end.first <= day):
        return None
    scheduled = bool(provision.start and provision.start.first > day)
    return Layer(policy.id, policy.jurisdiction, inherited, provision, status,
                 max(filter(None, (since, None if scheduled else provision.start))), scheduled)


def applies(layer: Layer) -> bool:
    """Return whether a layer is in effect; if not, it is pending (proposed, not yet in force or applying)."""
    return layer.status in IN_EFFECT and not layer.scheduled


def ordered(found: list[tuple[int, Layer]]) -> list[Layer]:
    """Return the layers of (depth, layer) pairs, most specific first, then latest, then by policy id."""
    if len(found) < 2:
        return [layer for _, layer in found]
    return [layer for _, layer in sorted(found, key=_precedence)]


def _precedence(item: tuple[int, Layer]) -> tuple[int, int, str]:
    depth, layer = item
    return depth, -layer.since.first.toordinal(), layer.policy


def make_cell(jurisdiction: str, dimension: str, layers: tuple[list, list], sector: str = BOTH) -> Cell:
    """Return the cell resting on these (in effect, pending) layers: the first known value wins."""
    in_effect, pending = layers
    for at, layer in enumerate(in_effect):  # a loop, not comprehensions: compare-years makes 50,000 cells
        if layer.provision.value != UNKNOWN:
            break
    else:
        if not in_effect:
            return Cell(jurisdiction, dimension, UNKNOWN, None, (), tuple(pending), sector)
        at = 0
    winner = in_effect[at]
    return Cell(jurisdiction, dimension, winner.provision.value, winner, tuple(in_effect[:at] + in_effect[at + 1:]),
                tuple(pending), sector)


def sector_cells(jurisdiction: str, dimension: str, layers: tuple[list, list]) -> tuple[Cell, ...]:
    """Return the cells resting on these (in effect, pending) layers, ordered as _layers orders them.

    One cell when every layer binds both sectors; else the public sector's cell (from the layers
    binding it alone or both sectors) and the private sector's, which then differ at least in the
    layers they list.
    """
    in_effect, pending = layers
    if all(layer.provision.sector == BOTH for layer in in_effect) and all(
            layer.provision.sector == BOTH for layer in pending):
        return (make_cell(jurisdiction, dimension, layers),)
    return tuple(make_cell(jurisdiction, dimension, (_binding(in_effect, sector), _binding(pending, sector)), sector)
                 for sector in SECTORS)


def _binding(layers: list[Layer], sector: str) -> list[Layer]:
    """Return the layers whose provision binds `sector` (alone or with the other)."""
    return [layer for layer in layers if layer.provision.sector in (sector, BOTH)]
