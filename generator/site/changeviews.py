"""What templates see of the change log and of "if enacted": each changed cell, before -> after, with its causes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.compare.changes import BOTH, Cause, Change, ChangeLog, WhatIf, change_log, change_years, pending_policies
from generator.compare.derive import Cell, Comparison
from generator.site import urls
from generator.site.views import Ref, Views, status_group, status_label, value_class

PROVISION_STEPS = {"applies": "Provision applies", "ends": "Provision ends"}
SECTOR_LABELS = {BOTH: "", "public": "public sector", "private": "private sector"}


@dataclass(frozen=True)
class RuleView:
    """A cell's value at one side of a change, and the rule it rests on."""

    value: str
    label: str
    css: str
    policy: Ref | None  # None: no record covered the cell
    note: str
    inherited_from: Ref | None


@dataclass(frozen=True)
class CauseView:
    policy: Ref
    jurisdiction: Ref
    status: str
    group: str
    date: str
    iso: str


@dataclass(frozen=True)
class ChangeView:
    """One changed cell: where, when, from what to what, and why."""

    id: str  # the anchor on its year's page, the same in every build
    url: str  # that anchor's link
    date: str
    iso: str
    year: int
    future: bool  # scheduled: after the atlas's date
    jurisdiction: Ref
    dimension: Ref
    sector: str  # '' for both sectors, else the sector's name
    before: RuleView
    after: RuleView
    causes: tuple[CauseView, ...]


@dataclass(frozen=True)
class YearRow:
    year: int
    url: str
    changes: int  # cell changes dated in the year, up to the atlas's date
    scheduled: int  # cell changes dated in the year, after the atlas's date
    jurisdictions: int  # how many jurisdictions had a cell change


class ChangeViews:
    """The change log and the "if enacted" cells of one atlas, as views; worked out once, when first asked for."""

    def __init__(self, views: Views):
        self.views = views
        self.atlas = views.atlas
        self._log: ChangeLog | None = None
        self._what_if: WhatIf | None = None
        self._pending: tuple[str, ...] | None = None

    @property
    def log(self) -> ChangeLog:
        if self._log is None:
            self._log = change_log(self.atlas)
        return self._log

    @property
    def what_if(self) -> WhatIf:
        if self._what_if is None:
            self._what_if = WhatIf(self.atlas, self.views.comparison)
        return self._what_if

    @property
    def pending(self) -> tuple[str, ...]:
        """Return the ids of the policies pending on the atlas's date."""
        if self._pending is None:
            self._pending = pending_policies(self.atlas)
        return self._pending

    # -- one change ------------------------------------------------------------------------------
    def rule(self, cell: Cell, dimension_id: str) -> RuleView:
        dimension = self.atlas.dimension[dimension_id]
        value = dimension.value(cell.value)
        winner = cell.winner
        return RuleView(value.id, value.label, value_class(dimension_id, value.id),
                        self.views.policy_ref(winner.policy) if winner else None,
                        winner.provision.note if winner else "",
                        self.views.jurisdiction_ref(winner.jurisdiction) if winner and winner.inherited else None)

    def cause(self, cause: Cause) -> CauseView:
        policy = self.atlas.policy[cause.policy]
        label = PROVISION_STEPS.get(cause.status) or status_label(policy.type, cause.status)
        return CauseView(self.views.policy_ref(policy.id), self.views.jurisdiction_ref(policy.jurisdiction), label,
                         status_group(cause.status) if cause.event >= 0 else "active", cause.date.human,
                         cause.date.iso)

    def change(self, change: Change) -> ChangeView:
        day = change.day or self.atlas.as_of
        anchor = f"c-{change.key}"
        return ChangeView(
            anchor, f"{self.views.link(urls.changes_year(day.year))}#{anchor}", _human(day), day.isoformat(), day.year,
            day > self.atlas.as_of, self.views.jurisdiction_ref(change.jurisdiction),
            self.views.dimension_ref(change.dimension), SECTOR_LABELS.get(change.sector, change.sector),
            self.rule(change.before, change.dimension), self.rule(change.after, change.dimension),
            tuple(self.cause(c) for c in change.causes))

    def changes(self, changes) -> list[ChangeView]:
        return [self.change(c) for c in changes]

    # -- the log, by page ------------------------------------------------------------------------
    def of_policy(self, policy_id: str) -> list[ChangeView]:
        return self.changes(self.log.by_policy.get(policy_id, ()))

    def counts(self, policy_id: str) -> dict[int, int]:
        """Return event index -> how many cells that event of the policy changed."""
        counts: dict[int, int] = {}
        for change in self.log.by_policy.get(policy_id, ()):
            for cause in change.causes:
                if cause.policy == policy_id and cause.event >= 0:
                    counts[cause.event] = counts.get(cause.event, 0) + 1
        return counts

    def of_jurisdiction(self, jurisdiction_id: str) -> list[ChangeView]:
        """Return the changes in one jurisdiction, newest first (one day's in dimension order)."""
        return self.changes(newest_first(self.log.by_jurisdiction[jurisdiction_id]))

    def of_dimension(self, dimension_id: str) -> list[ChangeView]:
        """Return the changes on one dimension, newest first (one day's in jurisdiction order)."""
        return self.changes(newest_first(self.log.by_dimension[dimension_id]))

    def in_year(self, year: int) -> list[ChangeView]:
        return self.changes(c for c in self.log.changes if c.day.year == year)

    def years(self) -> list[YearRow]:
        """Return a row per year a change can fall in (compare.changes.change_years), newest first."""
        rows: dict[int, list] = {year: [0, 0, set()] for year in change_years(self.atlas)}
        for change in self.log.changes:
            row = rows.setdefault(change.day.year, [0, 0, set()])
            row[1 if change.day > self.atlas.as_of else 0] += 1
            row[2].add(change.jurisdiction)
        return [YearRow(year, self.views.link(urls.changes_year(year)), done, later, len(places))
                for year, (done, later, places) in sorted(rows.items(), reverse=True)]

    def net(self, start: dt.date, end: dt.date) -> list[ChangeView]:
        """Return the cells whose value at the end of `end` differs from the day before `start`, one change each."""
        first: dict[tuple, Change] = {}
        last: dict[tuple, Change] = {}
        for change in self.log.changes:
            if start <= change.day <= end:
                key = (change.jurisdiction, change.dimension, change.sector)
                first.setdefault(key, change)
                last[key] = change
        place = {j.id: i for i, j in enumerate(self.atlas.jurisdictions)}
        column = {d.id: i for i, d in enumerate(self.atlas.dimensions)}
        keys = sorted(last, key=lambda k: (place[k[0]], column[k[1]], k[2]))
        return [self.change(Change(j, d, first[(j, d, s)].before, last[(j, d, s)].after, s, end))
                for j, d, s in keys if first[(j, d, s)].before.value != last[(j, d, s)].after.value]

    # -- if enacted ------------------------------------------------------------------------------
    def if_enacted(self, policy_ids) -> tuple[Comparison, list[ChangeView]]:
        """Return the comparison as if these policies were in force, and the cells that would change."""
        comparison, changes = self.what_if(policy_ids)
        return comparison, self.changes(changes)


def newest_first(changes) -> list[Change]:
    """Return changes newest first, keeping the log's order among those of one day."""
    return sorted(changes, key=lambda change: change.day, reverse=True)  # a stable sort, even reversed


def _human(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
