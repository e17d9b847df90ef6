"""What changed and what would change: the cells each dated step changed, before -> after, and a proposal's.

Every cell here is compare.derive's, made by the same functions through snapshots' steps (the tests
check the log against derive on the day before and the day of every change, and the hypothetical
cells against derive on an atlas where the proposal is in force).

A cell's value rests only on the provisions in effect for it and on their order (most specific
jurisdiction, then latest). So it can change only on a date when one of its provisions comes into
effect, stops, or starts a new run in effect; a bill introduced or a law adopted but not yet in
force moves only the pending list. Each cell is worked out on those dates alone.
"""

from __future__ import annotations

import datetime as dt
from collections import ChainMap
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Iterable, Mapping

from generator.compare.derive import (BOTH, PENDING, SECTORS, Cell, Comparison, Layer, applies, make_cell, ordered,
                                      reach_of, sector_cells, status_on)
from generator.compare.snapshots import ProvisionSteps, binds_both, candidates_of, cells_of
from generator.content.model import Atlas
from generator.content.records import Event, Policy
from generator.dates import PartialDate, from_date

ONE_DAY = dt.timedelta(days=1)
_SECTOR_ORDER = {BOTH: 0, "public": 1, "private": 2}


@dataclass(frozen=True)
class Cause:
    """A dated step that changed a cell: an event in a policy's history, or a provision's own start or end."""

    policy: str
    date: PartialDate
    status: str  # the event's status; 'applies' or 'ends' for a provision's `from` or `until` date
    event: int  # the event's index in the policy's history; -1 for a provision's date


@dataclass(frozen=True)
class Change:
    """A cell whose value differs between two dates, or between the law and a hypothesis."""

    jurisdiction: str
    dimension: str
    before: Cell  # the cell as it stood (in the log: as it last changed, so its pending list may be older)
    after: Cell
    sector: str = BOTH  # 'both', or the one sector whose cell changed
    day: dt.date | None = None  # the first day of the new value; None for a difference of two comparisons
    causes: tuple[Cause, ...] = ()

    @property
    def key(self) -> str:
        """Return an id for the change, the same in every build: jurisdiction, dimension, date and sector."""
        parts = [self.jurisdiction, self.dimension, self.day.isoformat() if self.day else "now"]
        return "-".join(parts + ([self.sector] if self.sector != BOTH else []))


@dataclass(frozen=True)
class ChangeLog:
    """Every change of every cell's value, oldest first, with indexes by policy, jurisdiction and dimension."""

    changes: tuple[Change, ...]
    by_policy: Mapping[str, tuple[Change, ...]]  # the policies named as causes
    by_jurisdiction: Mapping[str, tuple[Change, ...]]
    by_dimension: Mapping[str, tuple[Change, ...]]


def by_sector(cells) -> dict[str, Cell]:
    """Return sector -> cell for a comparison's entry: one Cell, or a tuple of one cell or one per sector."""
    if isinstance(cells, Cell):
        return {BOTH: cells}
    if len(cells) == 1:
        return {BOTH: cells[0]}
    return {cell.sector: cell for cell in cells}


def differences(before, after) -> list[tuple[str, Cell, Cell]]:
    """Return (sector, before, after) for each sector whose value differs; one 'both' entry when both moved alike."""
    old, new = by_sector(before), by_sector(after)
    if BOTH in old and BOTH in new:
        return [(BOTH, old[BOTH], new[BOTH])] if old[BOTH].value != new[BOTH].value else []
    pairs = [(sector, old.get(sector, old.get(BOTH)), new.get(sector, new.get(BOTH))) for sector in SECTORS]
    moved = [(sector, a, b) for sector, a, b in pairs if a.value != b.value]
    if len(moved) == 2 and moved[0][1].value == moved[1][1].value and moved[0][2].value == moved[1][2].value:
        return [(BOTH, moved[0][1], moved[0][2])]
    return moved


def diff(before: Comparison, after: Comparison) -> tuple[Change, ...]:
    """Return the cells whose value differs between two comparisons, in `after`'s cell order."""
    found = []
    for key, cells in after.cells.items():
        for sector, old, new in differences(before.cells[key], cells):
            found.append(Change(key[0], key[1], old, new, sector))
    return tuple(found)


def change_log(atlas: Atlas, shared: dict | None = None,
               since: tuple[ChangeLog, frozenset[str]] | None = None) -> ChangeLog:
    """Return every change of a cell's value on every date (past and scheduled), with what caused it.

    `shared` keeps the provisions' steps (snapshots.candidates_of) for a WhatIf of the same atlas.
    `since`, the log of an atlas that differs only in policies reaching some jurisdictions, and those
    jurisdictions: the others' changes are taken from it (an edited policy, live.py), not worked out again.
    """
    reach = reach_of(atlas)
    shared = {} if shared is None else shared  # ProvisionSteps shared by the jurisdictions a policy reaches
    moves: dict[tuple[str, int], frozenset[dt.date]] = {}
    found: list[Change] = []
    for jurisdiction in atlas.jurisdictions:
        if since is not None and jurisdiction.id not in since[1]:
            found.extend(since[0].by_jurisdiction.get(jurisdiction.id, ()))
            continue
        candidates = candidates_of(atlas, atlas.chain[jurisdiction.id], reach, shared)
        for dimension in atlas.dimensions:
            found.extend(_cell_changes(atlas, jurisdiction.id, dimension.id, candidates.get(dimension.id, []), moves))
    place = {j.id: i for i, j in enumerate(atlas.jurisdictions)}
    column = {d.id: i for i, d in enumerate(atlas.dimensions)}
    found.sort(key=lambda c: (c.day, place[c.jurisdiction], column[c.dimension], _SECTOR_ORDER[c.sector]))
    by_policy: dict[str, list[Change]] = {}
    by_jurisdiction: dict[str, list[Change]] = {j.id: [] for j in atlas.jurisdictions}
    by_dimension: dict[str, list[Change]] = {d.id: [] for d in atlas.dimensions}
    for change in found:
        for policy in dict.fromkeys(cause.policy for cause in change.causes):
            by_policy.setdefault(policy, []).append(change)
        by_jurisdiction[change.jurisdiction].append(change)
        by_dimension[change.dimension].append(change)
    frozen = lambda index: MappingProxyType({k: tuple(v) for k, v in index.items()})  # noqa: E731
    return ChangeLog(tuple(found), frozen(by_policy), frozen(by_jurisdiction), frozen(by_dimension))


def change_years(atlas: Atlas) -> range:
    """Return the years a change can fall in: from the first dated step to the as-of year or the last scheduled one."""
    years = [e.date.first.year for p in atlas.policies for e in p.history]
    years += [d.first.year for p in atlas.policies for v in p.provisions for d in (v.start, v.end) if d]
    return range(min(years, default=atlas.as_of.year), max(years + [atlas.as_of.year]) + 1)


def _moves(steps: ProvisionSteps, moves: dict) -> frozenset[dt.date]:
    """Return the dates on which a provision's layer comes into effect, stops, or starts a new run in effect.

    The same for every depth the provision is inherited at, so worked out once per provision.
    """
    key = (steps.policy.id, id(steps.provision))
    found = moves.get(key)
    if found is None:
        days, previous = [], None
        for day in steps.changes:
            layer = steps.at(day)
            since = layer.since if layer is not None and applies(layer) else None
            if since != previous:
                days.append(day)
            previous = since
        found = moves[key] = frozenset(days)
    return found


def _cell_changes(atlas: Atlas, jurisdiction_id: str, dimension_id: str, candidates: list, moves: dict):
    """Yield the changes of one cell, oldest first.

    Between two of its dates a cell's layers in effect stay as they are, so only those that move on
    a date are looked at again. The cell is made from the layers in effect (make_cell, as derive
    does) with its pending list left empty, and a layer keeps the status it had when it last moved
    (a ruling 'decided' that is later 'settled'): the log records values and the rules they rest on.
    """
    moving: dict[dt.date, list] = {}
    for _, steps in candidates:
        for day in _moves(steps, moves):
            moving.setdefault(day, []).append(steps)
    if not moving:
        return
    in_effect: dict[ProvisionSteps, Layer] = {}
    one_for_both = binds_both(candidates)
    made = (lambda layers: (make_cell(jurisdiction_id, dimension_id, layers),)) if one_for_both else (
        lambda layers: sector_cells(jurisdiction_id, dimension_id, layers))
    previous = made(([], []))
    for day in sorted(moving):
        for steps in moving[day]:
            layer = steps.at(day)
            if layer is not None and applies(layer):
                in_effect[steps] = layer
            else:
                in_effect.pop(steps, None)
        layers = [(depth, in_effect[steps]) for depth, steps in candidates if steps in in_effect]
        current = made((ordered(layers), []))
        for sector, before, after in differences(previous, current):
            yield Change(jurisdiction_id, dimension_id, before, after, sector, day,
                         _causes(before, after, day, atlas.policy))
        previous = current


def _causes(before: Cell, after: Cell, day: dt.date, policies: Mapping[str, Policy]) -> tuple[Cause, ...]:
    """Return the steps on `day` of the policies whose provisions made the value before and after it.

    A policy's last event that day (the one compare.status_on counts), else the start of the
    provision that now holds or the end of the one that held.
    """
    found: list[Cause] = []
    for cell, bound, word in ((before, "end", "ends"), (after, "start", "applies")):
        if cell.winner is None or any(cause.policy == cell.winner.policy for cause in found):
            continue
        policy = policies[cell.winner.policy]
        events = [event for event in policy.history if event.date.first == day]
        date = getattr(cell.winner.provision, bound)
        if events:
            found.append(Cause(policy.id, events[-1].date, events[-1].status, events[-1].index))
        elif date and date.first == day:
            found.append(Cause(policy.id, date, word, -1))
    return tuple(sorted(found, key=lambda cause: cause.policy))


# -- if enacted ------------------------------------------------------------------------------------
def pending_policies(atlas: Atlas, day: dt.date | None = None) -> tuple[str, ...]:
    """Return the ids of the policies pending on `day` (proposed, or adopted and not yet in force)."""
    day = day or atlas.as_of
    return tuple(p.id for p in atlas.policies if status_on(p, day)[0] in PENDING)


def enacted(policy: Policy, day: dt.date) -> Policy:
    """Return the policy as if it came into force on `day`, every provision applying from then."""
    event = Event(from_date(day), "in_force", "Hypothetical: as if in force", None, len(policy.history))
    earlier = tuple(e for e in policy.history if e.date.first <= day)
    later = tuple(e for e in policy.history if e.date.first > day)  # a date already set for entry into force
    provisions = tuple(replace(p, start=None) if p.start and p.start.first > day else p for p in policy.provisions)
    return replace(policy, history=(*earlier, event, *later), provisions=provisions)


class WhatIf:
    """Works out, for one atlas and its comparison, the comparison as if given pending policies were in force."""

    def __init__(self, atlas: Atlas, comparison: Comparison, shared: dict | None = None):
        self.atlas, self.comparison = atlas, comparison
        self.reach = reach_of(atlas)  # a policy in force reaches the same jurisdictions as when pending
        # the ProvisionSteps of policies as they are, shared by every hypothesis (and by change_log's, if given)
        self.shared: dict = {} if shared is None else shared

    def __call__(self, policy_ids: Iterable[str]) -> tuple[Comparison, tuple[Change, ...]]:
        """Return the comparison on its date as if these policies were in force, and the cells that would change.

        Only the cells a policy can reach are worked out again (its jurisdictions and everything
        below them, on the dimensions it has provisions on); the others are the comparison's own.
        """
        atlas, comparison, day = self.atlas, self.comparison, self.comparison.as_of
        hypothetical = {pid: enacted(atlas.policy[pid], day) for pid in sorted(set(policy_ids))}
        if not hypothetical:
            return comparison, ()
        world = replace(atlas, policy=ChainMap(hypothetical, atlas.policy))  # candidates_of reads only atlas.policy
        holders = {h for p in hypothetical.values() for h in (p.jurisdiction, *p.applies_to)}
        dimensions = [d.id for d in atlas.dimensions
                      if any(provision.dimension == d.id for p in hypothetical.values() for provision in p.provisions)]
        cells, changes = dict(comparison.cells), []
        shared = _Steps(self.shared, set(hypothetical))
        for jurisdiction in atlas.jurisdictions:
            chain = atlas.chain[jurisdiction.id]
            if holders.isdisjoint(chain):
                continue
            candidates = candidates_of(world, chain, self.reach, shared, dimensions)
            for dimension in dimensions:
                key = (jurisdiction.id, dimension)
                cells[key] = cells_of(jurisdiction.id, dimension, candidates.get(dimension, []), day)
                changes += [Change(key[0], key[1], old, new, sector)
                            for sector, old, new in differences(comparison.cells[key], cells[key])]
        self.shared.update(shared.made)
        return Comparison(day, MappingProxyType(cells)), tuple(changes)


class _Steps:
    """The ProvisionSteps cache candidates_of fills, for one hypothesis: the enacted policies' steps are its own."""

    def __init__(self, shared: dict, enacted: set[str]):
        self.shared, self.enacted = shared, enacted
        self.own: dict = {}
        self.made: dict = {}  # new steps of policies as they are, for later hypotheses

    def __contains__(self, key) -> bool:
        return key in self.own or (key[0] not in self.enacted and key in self.shared)

    def __getitem__(self, key):
        return self.own[key] if key in self.own else self.shared[key]

    def __setitem__(self, key, steps) -> None:
        self.own[key] = steps
        if key[0] not in self.enacted:
            self.made[key] = steps
