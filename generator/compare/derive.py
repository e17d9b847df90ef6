"""Stage 4: derive the comparison — one cell per jurisdiction and dimension, as of a date, with provenance."""

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
    """The derived value of one dimension in one jurisdiction, with what it rests on."""

    jurisdiction: str
    dimension: str
    value: str
    winner: Layer | None
    others: tuple[Layer, ...]  # other provisions in effect, outranked by the winner
    pending: tuple[Layer, ...]  # proposals, laws not yet in force, provisions not yet applying


@dataclass(frozen=True)
class Comparison:
    as_of: dt.date
    cells: Mapping[tuple[str, str], Cell]

    def cell(self, jurisdiction: str, dimension: str) -> Cell:
        """Return the cell for a jurisdiction and dimension."""
        return self.cells[(jurisdiction, dimension)]


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
    cells = {}
    for jurisdiction in atlas.jurisdictions:
        chain = atlas.chain[jurisdiction.id]
        layers = _layers(atlas, chain, statuses, reach, day)
        for dimension in atlas.dimensions:
            cells[(jurisdiction.id, dimension.id)] = make_cell(jurisdiction.id, dimension.id,
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
    cells = dict(comparison.cells)
    for jurisdiction, chain in chains.items():
        layers = _layers(atlas, chain, statuses, reach, day)
        for dimension in atlas.dimensions:
            cells[(jurisdiction, dimension.id)] = make_cell(jurisdiction, dimension.id,
                                                           layers.get(dimension.id, ([], [])))
    return Comparison(day, MappingProxyType(cells))


def reach_of(atlas: Atlas) -> dict[str, tuple[str, ...]]:
    """Return, for each jurisdiction, the policies made by it or applied to it directly."""
    reach: dict[str, list[str]] = {j.id: list(atlas.policies_of[j.id]) for j in atlas.jurisdictions}
    for policy in atlas.policies:
        for other in policy.applies_to:
            reach[other].append(policy.id)
    return {k: tuple(sorted(set(v))) for k, v in reach.items()}


def _layers(atlas, chain, statuses, reach, day) -> dict[str, tuple[list, list]]:
    """Return dimension -> (layers in effect, pending layers), most specific first, then latest."""
    found: dict[str, tuple[list, list]] = {}
    for depth, holder in enumerate(chain):
        for policy_id in reach[holder]:
            status, since = statuses[policy_id]
            if not status or status in ENDED:
                continue
            policy = atlas.policy[policy_id]
            for provision in policy.provisions:
                layer = layer_on(policy, provision, depth > 0, status, since, day)
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


def make_cell(jurisdiction: str, dimension: str, layers: tuple[list, list]) -> Cell:
    """Return the cell resting on these (in effect, pending) layers: the first known value wins."""
    in_effect, pending = layers
    known = [layer for layer in in_effect if layer.provision.value != UNKNOWN]
    winner = known[0] if known else (in_effect[0] if in_effect else None)
    others = tuple(layer for layer in in_effect if layer is not winner)
    return Cell(jurisdiction, dimension, winner.provision.value if winner else UNKNOWN, winner, others,
                tuple(pending))
