"""What templates see of the change log and of "if enacted": each changed cell, before -> after, with its causes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from generator.compare.changes import BOTH, Cause, Change, ChangeLog, WhatIf, change_log, change_years, pending_policies
from generator.compare.derive import NOT_RESEARCHED, Cell, Comparison
from generator.site import daytext, urls
from generator.site.views import (PROVISION_STEPS, RESEARCH_LABELS, SECTOR_LABELS, Ref, Views, status_group, status_label,
                                  value_class)




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
    date: str  # in English, for feeds; pages format `day` in their language
    day: dt.date
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
        self._source: ChangeViews | None = None  # another language's, whose log and hypotheses these views show
        self._steps: dict = {}  # the provisions' steps, worked out for the log and reused by every hypothesis
        self._log: ChangeLog | None = None
        self._read: Callable[[], ChangeLog | None] | None = None  # adopt_when_asked
        self._slices: Callable[[], object] | None = None  # adopt_when_asked: the log a jurisdiction or policy at a time
        self._slices_read = None  # what _slices() returned
        self._sliced: dict[tuple[str, str], tuple[Change, ...]] = {}  # read from those, kept as long as these views
        self._since: tuple[ChangeLog, frozenset[str]] | None = None  # a previous log to start from (carry)
        self._what_if: WhatIf | None = None
        self._pending: tuple[str, ...] | None = None
        self._years: range | None = None
        self._by_year: dict[int, list[Change]] | None = None
        self._rules: dict[tuple, RuleView] = {}  # a cell after one change is the cell before the next
        self._changes: dict[int, ChangeView] = {}
        self._scenarios: dict[tuple[str, ...], tuple] = {}
        self._causes: dict[Cause, CauseView] = {}  # one step changes many cells
        self._days: dict[dt.date, tuple[str, str]] = {}  # by id() of the log's changes, which live as long as the log

    def share(self, other: "ChangeViews") -> None:
        """Use another language's change log and hypotheses (the same atlas, translated): worked out once for all."""
        self._source = other

    def adopt(self, log: ChangeLog) -> None:
        """Use a change log already worked out for an atlas with the same jurisdictions and policies."""
        self._log = log

    def adopt_when_asked(self, read: Callable[[], ChangeLog | None],
                         slices: Callable[[], object] | None = None) -> None:
        """As adopt(), with the log `read()` returns, read when first asked for (None: the log is worked out).
        A build that renders a dozen pages may not need it, or not before its first pages are written. `slices()`
        returns the same log a jurisdiction's or a policy's changes at a time (changecache.Slices; None: not to be
        had): a page that shows one jurisdiction's or one policy's changes reads those alone."""
        self._read, self._slices = read, slices

    def _of(self, kind: str, key: str) -> tuple[Change, ...] | None:
        """Return a jurisdiction's ("j") or a policy's ("p") changes from the slices, or None where the whole log is
        at hand or is to be read."""
        if self._source is not None:
            return self._source._of(kind, key)
        if self._log is not None or self._read is None or self._slices is None:
            return None
        if self._slices_read is None:
            self._slices_read = self._slices()
            if self._slices_read is None:  # not to be had: the whole log, then
                self._slices = None
                return None
        if (kind, key) not in self._sliced:
            self._sliced[kind, key] = self._slices_read.get(kind, key)  # kept: the views know changes by id()
        return self._sliced[kind, key]

    def carry(self, previous: "ChangeViews", touched: frozenset[str]) -> None:
        """Start from the log of `previous` (an atlas differing only in policies reaching the `touched`
        jurisdictions), if it was worked out: only those jurisdictions' changes are worked out again."""
        while previous._source is not None:
            previous = previous._source
        if previous._log is None:
            return
        if touched:
            self._since = (previous._log, touched)
        else:
            self._log = previous._log

    @property
    def log(self) -> ChangeLog:
        if self._source is not None:
            return self._source.log
        if self._log is None and self._read is not None:
            read, self._read = self._read, None
            self._log = read()
        if self._log is None:
            self._log = change_log(self.atlas, self._steps, self._since)
            self._since = None
        return self._log

    @property
    def what_if(self) -> WhatIf:
        if self._what_if is None:
            self._what_if = WhatIf(self.atlas, self.views.comparison, self._steps)
        return self._what_if

    @property
    def pending(self) -> tuple[str, ...]:
        """Return the ids of the policies pending on the atlas's date."""
        if self._pending is None:
            self._pending = pending_policies(self.atlas)
        return self._pending

    @property
    def years_range(self) -> range:
        if self._years is None:
            self._years = change_years(self.atlas)
        return self._years

    def _in_year(self, year: int) -> list[Change]:
        if self._by_year is None:
            self._by_year = {}
            for change in self.log.changes:
                self._by_year.setdefault(change.day.year, []).append(change)
        return self._by_year.get(year, [])

    # -- one change ------------------------------------------------------------------------------
    def rule(self, cell: Cell, dimension_id: str) -> RuleView:
        winner = cell.winner
        key = (dimension_id, cell.value, winner and (winner.policy, id(winner.provision), winner.inherited))
        found = self._rules.get(key)
        if found is None:
            dimension = self.atlas.dimension[dimension_id]
            value = dimension.value(cell.value)
            label, css = value.label, value_class(dimension_id, value.id)
            if winner is None:  # no record covered the cell: not an answer of 'unknown'
                label, css = self.views.translate(RESEARCH_LABELS[NOT_RESEARCHED]), "not-researched"
            found = self._rules[key] = RuleView(
                value.id, label, css,
                self.views.policy_ref(winner.policy) if winner else None,
                self.views.note(winner.provision) if winner else "",
                self.views.jurisdiction_ref(winner.jurisdiction) if winner and winner.inherited else None)
        return found

    def cause(self, cause: Cause) -> CauseView:
        found = self._causes.get(cause)
        if found is None:
            found = self._causes[cause] = self._cause(cause)
        return found

    def _cause(self, cause: Cause) -> CauseView:
        policy = self.atlas.policy[cause.policy]
        label = PROVISION_STEPS.get(cause.status) or status_label(policy.type, cause.status)
        date = policy.history[cause.event].date if cause.event >= 0 else cause.date  # an event's, as precise as its record
        return CauseView(self.views.policy_ref(policy.id), self.views.jurisdiction_ref(policy.jurisdiction), label,
                         status_group(cause.status) if cause.event >= 0 else "active", self.views.date(date),
                         cause.date.iso)

    def change(self, change: Change) -> ChangeView:
        """Return the view of a change of the log (kept) or of a difference (made each time)."""
        if change.causes:
            found = self._changes.get(id(change))
            if found is None:
                found = self._changes[id(change)] = self._change(change)
            return found
        return self._change(change)

    def _change(self, change: Change) -> ChangeView:
        day = change.day or self.atlas.as_of
        anchor = f"c-{change.key}"
        if day not in self._days:
            self._days[day] = (self.human(day), self.views.link(urls.changes_year(day.year)))
        human, page = self._days[day]
        return ChangeView(
            anchor, f"{page}#{anchor}", human, day, day.isoformat(), day.year,
            day > self.atlas.as_of, self.views.jurisdiction_ref(change.jurisdiction),
            self.views.dimension_ref(change.dimension), "" if change.sector == BOTH else SECTOR_LABELS[change.sector],
            self.rule(change.before, change.dimension), self.rule(change.after, change.dimension),
            tuple(self.cause(c) for c in change.causes))

    def human(self, day: dt.date) -> str:
        """Return a day in the page's language."""
        return daytext.day(day, self.atlas.site.language)  # as the templates' format_date

    def changes(self, changes) -> list[ChangeView]:
        return [self.change(c) for c in changes]

    # -- the log, by page ------------------------------------------------------------------------
    def of_policy(self, policy_id: str) -> list[ChangeView]:
        return self.changes(self._by_policy(policy_id))

    def _by_policy(self, policy_id: str) -> tuple[Change, ...]:
        found = self._of("p", policy_id)
        return found if found is not None else self.log.by_policy.get(policy_id, ())

    def counts(self, policy_id: str) -> dict[int, int]:
        """Return event index -> how many cells that event of the policy changed."""
        counts: dict[int, int] = {}
        for change in self._by_policy(policy_id):
            for cause in change.causes:
                if cause.policy == policy_id and cause.event >= 0:
                    counts[cause.event] = counts.get(cause.event, 0) + 1
        return counts

    def of_jurisdiction(self, jurisdiction_id: str, limit: int | None = None, done: bool = False) -> list[ChangeView]:
        """Return the changes in one jurisdiction, newest first (one day's in dimension order)."""
        found = self._of("j", jurisdiction_id)
        found = found if found is not None else self.log.by_jurisdiction[jurisdiction_id]
        return self.changes(newest_first(found, limit, done and self.atlas.as_of))

    def of_dimension(self, dimension_id: str, limit: int | None = None, done: bool = False) -> list[ChangeView]:
        """Return the changes on one dimension, newest first (one day's in jurisdiction order)."""
        return self.changes(newest_first(self.log.by_dimension[dimension_id], limit, done and self.atlas.as_of))

    def in_year(self, year: int) -> list[ChangeView]:
        return self.changes(self._in_year(year))

    def years(self) -> list[YearRow]:
        """Return a row per year a change can fall in (compare.changes.change_years), newest first."""
        rows: dict[int, list] = {year: [0, 0, set()] for year in self.years_range}
        for change in self.log.changes:
            row = rows.setdefault(change.day.year, [0, 0, set()])
            row[1 if change.day > self.atlas.as_of else 0] += 1
            row[2].add(change.jurisdiction)
        return [YearRow(year, self.views.link(urls.changes_year(year)), done, later, len(places))
                for year, (done, later, places) in sorted(rows.items(), reverse=True)]

    def net(self, start: dt.date, end: dt.date) -> tuple[int, list[ChangeView]]:
        """Compare each cell at the end of `end` with the day before `start`.

        Return how many cells differ, and one change (start -> end) for each cell that changed more
        than once in between, whether or not it ended where it began: a cell that changed once is
        its own net change.
        """
        first: dict[tuple, Change] = {}
        last: dict[tuple, Change] = {}
        times: dict[tuple, int] = {}
        for change in (c for year in range(start.year, end.year + 1) for c in self._in_year(year)):
            if start <= change.day <= end:
                key = (change.jurisdiction, change.dimension, change.sector)
                first.setdefault(key, change)
                last[key] = change
                times[key] = times.get(key, 0) + 1
        differ = sum(1 for key in last if first[key].before.value != last[key].after.value)
        place = {j.id: i for i, j in enumerate(self.atlas.jurisdictions)}
        column = {d.id: i for i, d in enumerate(self.atlas.dimensions)}
        keys = sorted((k for k in last if times[k] > 1), key=lambda k: (place[k[0]], column[k[1]], k[2]))
        return differ, [self.change(Change(j, d, first[(j, d, s)].before, last[(j, d, s)].after, s, end))
                        for j, d, s in keys]

    # -- if enacted ------------------------------------------------------------------------------
    def scenario(self, policy_ids: tuple[str, ...]) -> tuple[Comparison, tuple[Change, ...]]:
        """Return the comparison as if these policies were in force, and the cells that would change; worked out once."""
        if self._source is not None:
            return self._source.scenario(policy_ids)
        if policy_ids not in self._scenarios:
            self._scenarios[policy_ids] = self.what_if(policy_ids)
        return self._scenarios[policy_ids]


def newest_first(changes, limit: int | None = None, until: dt.date | None = None) -> list[Change]:
    """Return changes newest first, keeping the log's order among those of one day; at most `limit`, none after `until`."""
    found = sorted(changes, key=lambda change: change.day, reverse=True)  # a stable sort, even reversed
    if until:
        found = [change for change in found if change.day <= until]
    return found[:limit]


