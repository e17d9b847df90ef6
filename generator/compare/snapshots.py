"""The comparison on many dates at once (for compare-years.json): compare.derive's cells, worked out once per change.

The layer a provision makes changes only on the dates of its policy's history and on its own start
and end dates, and a cell changes only when one of its provisions' layers does. So rather than
deriving the whole comparison again for every date, each provision's layer is worked out once for
each stretch between the dates it changes on, and a cell only on the dates its provisions' layers change.
tests/compare/test_snapshots.py checks the result against compare.derive, date by date.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from types import MappingProxyType
from typing import Collection, Generic, Iterable, Sequence, TypeVar

from generator.compare.derive import (BOTH, Cell, Comparison, Layer, applies, layer_on, make_cell, ordered, reach_of,
                                      sector_cells, status_on)
from generator.content.model import Atlas
from generator.content.records import Policy, Provision

T = TypeVar("T")
_NOT_YET = object()


class Steps(Generic[T]):
    """A value that can change only on given dates, worked out once for each stretch between them.

    Subclasses define `on(day)`, which must depend on `day` only through comparisons with the
    change dates (`change <= day` or `change > day`): then every day in a stretch has the same value.
    """

    __slots__ = ("changes", "_known")

    def __init__(self, changes: Iterable[dt.date]):
        self.changes = tuple(sorted(set(changes)))
        self._known: list = [_NOT_YET] * (len(self.changes) + 1)  # the value on each stretch, once worked out

    def at(self, day: dt.date) -> T:
        """Return the value on `day`."""
        stretch = bisect_right(self.changes, day)
        value = self._known[stretch]
        if value is _NOT_YET:
            value = self._known[stretch] = self.on(day)
        return value

    def on(self, day: dt.date) -> T:
        raise NotImplementedError


class ProvisionSteps(Steps["Layer | None"]):
    """The layer a provision makes (compare.layer_on) as it changes over time."""

    __slots__ = ("policy", "provision", "inherited")

    def __init__(self, policy: Policy, provision: Provision, inherited: bool):
        dates = [event.date for event in policy.history] + [provision.start, provision.end]
        super().__init__(date.first for date in dates if date)
        self.policy, self.provision, self.inherited = policy, provision, inherited

    def over(self, ascending: Sequence[dt.date]) -> list[Layer | None]:
        """Return the layer on each of these days (in date order), as at(day) for each: one bisection per change."""
        values: list = []
        start = 0
        for change in self.changes:
            stop = bisect_left(ascending, change, start)  # the days before this change: the stretch before it
            if stop > start:
                values += [self.at(ascending[start])] * (stop - start)
                start = stop
        if start < len(ascending):
            values += [self.at(ascending[start])] * (len(ascending) - start)
        return values

    def on(self, day: dt.date) -> Layer | None:
        status, since = status_on(self.policy, day)
        return layer_on(self.policy, self.provision, self.inherited, status, since, day)


def cells_of(jurisdiction_id: str, dimension_id: str, candidates: list[tuple[int, ProvisionSteps]],
             day: dt.date) -> tuple[Cell, ...]:
    """Return the cells (one, or one per sector) resting on these (depth, provision) candidates on `day`.

    As compare.derive makes them: Comparison.sectors().
    """
    return _cells(jurisdiction_id, dimension_id, [depth for depth, _ in candidates],
                  [provision.at(day) for _, provision in candidates], binds_both(candidates))


def binds_both(candidates: list[tuple[int, ProvisionSteps]]) -> bool:
    """Return whether every candidate binds both sectors: then a cell is one cell, whatever the day."""
    return all(provision.provision.sector == BOTH for _, provision in candidates)


def _cells(jurisdiction_id: str, dimension_id: str, depths: list[int], layers, one_for_both: bool) -> tuple[Cell, ...]:
    """Return the cells resting on the candidates' layers on one day (None: no layer), given their depths."""
    in_effect, pending = [], []
    for depth, layer in zip(depths, layers):
        if layer is not None:
            (in_effect if applies(layer) else pending).append((depth, layer))
    ordered_layers = (ordered(in_effect), ordered(pending))
    if one_for_both:
        return (make_cell(jurisdiction_id, dimension_id, ordered_layers),)
    return sector_cells(jurisdiction_id, dimension_id, ordered_layers)


def derive_each(atlas: Atlas, days: Sequence[dt.date]) -> tuple[Comparison, ...]:
    """Return the comparison on each of `days`, equal to compare.derive(atlas, day) for each."""
    columns = cells_on(atlas, days)
    return tuple(Comparison(day, MappingProxyType({key: cells[i] for key, cells in columns.items()}))
                 for i, day in enumerate(days))


def cells_on(atlas: Atlas, days: Sequence[dt.date]) -> dict[tuple[str, str], list[tuple[Cell, ...]]]:
    """Return (jurisdiction, dimension) -> its cells on each of `days` (compare.Comparison.sectors), in derive's order.

    Where a cell does not change from one of `days` to the next in date order, both hold the same tuple of cells.
    Each provision's layer is worked out once per stretch for all the days (ProvisionSteps.over), and a cell
    only on the days its candidates' layers differ from the day before: equal layers make equal cells.
    """
    reach = reach_of(atlas)
    provisions: dict[tuple[str, int, int], ProvisionSteps] = {}  # shared by the jurisdictions a policy reaches
    order = sorted(range(len(days)), key=days.__getitem__)
    ascending = [days[i] for i in order]
    back = None if order == list(range(len(days))) else [0] * len(days)  # where each of `days` is in `ascending`
    if back is not None:
        for place, index in enumerate(order):
            back[index] = place
    over: dict[ProvisionSteps, list] = {}  # each provision's layer on each day, earliest first
    cells = {}
    for jurisdiction in atlas.jurisdictions:
        candidates = candidates_of(atlas, atlas.chain[jurisdiction.id], reach, provisions)
        for dimension in atlas.dimensions:
            found = candidates.get(dimension.id, [])
            for _, steps in found:
                if steps not in over:
                    over[steps] = steps.over(ascending)
            column = _column(jurisdiction.id, dimension.id, found, [over[steps] for _, steps in found], len(days))
            cells[(jurisdiction.id, dimension.id)] = column if back is None else [column[place] for place in back]
    return cells


def _column(jurisdiction_id: str, dimension_id: str, candidates: list[tuple[int, ProvisionSteps]],
            layers_by_candidate: list[list], count: int) -> list[tuple[Cell, ...]]:
    """Return a cell's cells on `count` days, earliest first, from each candidate's layer on each day."""
    one_for_both = binds_both(candidates)
    depths = [depth for depth, _ in candidates]
    if not candidates:
        return [_cells(jurisdiction_id, dimension_id, depths, (), one_for_both)] * count
    column, previous, made = [], None, None
    for layers in zip(*layers_by_candidate):  # the candidates' layers on one day
        if layers != previous:
            made = _cells(jurisdiction_id, dimension_id, depths, layers, one_for_both)
            previous = layers
        column.append(made)
    return column


def candidates_of(atlas: Atlas, chain: tuple[str, ...], reach: dict[str, tuple[str, ...]],
                provisions: dict[tuple[str, int, int], ProvisionSteps],
                dimensions: Collection[str] | None = None) -> dict[str, list[tuple[int, ProvisionSteps]]]:
    """Return dimension -> (depth, provision) for every provision that may bear on a jurisdiction, in derive's order.

    `dimensions`: only for these (all by default).
    """
    found: dict[str, list[tuple[int, ProvisionSteps]]] = {}
    for depth, holder in enumerate(chain):
        for policy_id in reach[holder]:
            policy = atlas.policy[policy_id]
            for index, provision in enumerate(policy.provisions):
                if dimensions is not None and provision.dimension not in dimensions:
                    continue
                # By depth, not just inherited: one layer object must not stand for two (make_cell uses `is`).
                key = (policy_id, index, depth)
                if key not in provisions:
                    provisions[key] = ProvisionSteps(policy, provision, depth > 0)
                found.setdefault(provision.dimension, []).append((depth, provisions[key]))
    return found
