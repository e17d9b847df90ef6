"""The "if enacted" views: the compare table, the maps and the data as if pending policies passed, all marked hypothetical.

/compare/if-enacted/ is the whole table as if every pending policy passed; /compare/if-enacted/<policy>/
the rows one pending policy reaches, as if it alone passed; /compare/<dimension>/if-enacted/ the
maps and values of one dimension as if every pending policy passed; data/if-enacted.csv and .json
the same cells as data, every row saying it is hypothetical.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from generator.compare.changes import Change, by_sector
from generator.site import urls
from generator.site.changeviews import RuleView
from generator.site.exports import csv_file
from generator.site.mapviews import MapViews, Shown
from generator.compare.derive import BOTH, NOT_RESEARCHED, SECTORS
from generator.site.views import (DIFFERS, N_, NOT_RESEARCHED_VALUE, RESEARCH_LABELS, SECTOR_LABELS, Ref, Views,
                                  provision_anchor, value_class)

ALL = "all"
IF_ALL_PASSED = N_("If every pending policy passed")
IF_ONE_PASSED = N_("If %(name)s passed")
DIMENSION_IF_ALL_PASSED = N_("%(name)s, if every pending policy passed")
DIMENSION_IF_ONE_PASSED = N_("%(name)s, if %(policy)s passed")
MAP_IF_ALL_PASSED = N_("Hypothetical, if every pending policy passed.")
MAP_IF_ONE_PASSED = N_("Hypothetical, if %(policy)s passed.")
NOTE = ("The comparison as if the pending policies named here came into force as written on the as-of "
        "date, every provision applying at once. Nothing here is law.")


@dataclass(frozen=True)
class WhatIfCell:
    """A cell of a hypothetical table: its value and rule, and the value it holds now if that differs."""

    value: str
    label: str
    css: str
    rule: str  # 'policy: note', or '' when no record covers the cell
    anchor: str  # the provision it rests on
    was: RuleView | None
    sector_label: str = ""  # one sector's part of a cell whose sectors differ: "Public sector" or "Private sector"
    parts: tuple["WhatIfCell", ...] = ()  # the public and the private sector's cells, where their values differ


@dataclass(frozen=True)
class Scenario:
    id: str  # 'all' or the policy's id
    policies: tuple[Ref, ...]
    url: str
    changes: int


class WhatIfPages:
    """Builds the hypothetical pages and exports; each scenario is worked out once, when first asked for."""

    def __init__(self, contexts):
        self.contexts = contexts
        self.views: Views = contexts.views
        self.atlas = self.views.atlas
        self.log = contexts.change_pages.log  # ChangeViews: what_if, pending
        self._views: dict[str, Views] = {}
        self._by_dimension: dict[str, list[str]] | None = None
        self._shown = Shown(self.views.comparison)  # what the cells no scenario changes show on the maps, once

    def scenario(self, key: str) -> tuple[Views, tuple[Change, ...]]:
        """Return views over the hypothetical comparison of a scenario, and its changed cells."""
        comparison, changes = self.log.scenario(self.log.pending if key == ALL else (key,))
        if key not in self._views:
            self._views[key] = self.views.over(comparison)  # in the page's language, sharing what is the same
        return self._views[key], changes

    def scenarios(self) -> list[Scenario]:
        """Return every scenario: all pending policies, then each alone."""
        found = [Scenario(ALL, tuple(self.views.policy_ref(p) for p in self.log.pending),
                          self.views.link(urls.if_enacted()), len(self.scenario(ALL)[1]))]
        for policy in self.log.pending:
            found.append(Scenario(policy, (self.views.policy_ref(policy),), self.views.link(urls.if_enacted(policy)),
                                  len(self.scenario(policy)[1])))
        return found

    def _cell(self, cells, dimension, was: dict[str, RuleView]) -> WhatIfCell:
        """Return a hypothetical cell: one value, or each sector's where they differ (`was`: sector -> value now)."""
        by = by_sector(cells)
        if BOTH in by:
            return self._one(by[BOTH], dimension, was.get(BOTH))
        parts = tuple(self._one(by[sector], dimension, was.get(sector, was.get(BOTH)), SECTOR_LABELS[sector])
                      for sector in SECTORS)
        if parts[0].value == parts[1].value:  # the sectors differ only in the rules behind one value
            return replace(parts[0], sector_label="", was=parts[0].was or parts[1].was)
        return replace(parts[0], label=self.views.translate(DIFFERS), css="sector-differs", rule="", anchor="",
                       value=" ".join(p.value for p in parts), was=None, sector_label="", parts=parts)

    def _one(self, cell, dimension, was: RuleView | None, sector_label: str = "") -> WhatIfCell:
        winner = cell.winner
        if winner is None:
            return WhatIfCell(NOT_RESEARCHED_VALUE, self.views.translate(RESEARCH_LABELS[NOT_RESEARCHED]),
                              "not-researched", "", "", was, sector_label)
        value = dimension.value(cell.value)
        policy = self.views.policy_ref(winner.policy)
        return WhatIfCell(value.id, value.label, value_class(dimension.id, value.id),
                          self.views.marks.label_value(policy.text, self.views.note(winner.provision)),
                          f"{policy.url}#{provision_anchor(dimension.id, winner.provision.sector)}", was, sector_label)

    def _rows(self, key: str, only_changed: bool) -> list[dict]:
        views, changes = self.scenario(key)
        comparison = views.comparison
        was: dict[tuple[str, str], dict[str, RuleView]] = {}
        for c in changes:
            was.setdefault((c.jurisdiction, c.dimension), {})[c.sector] = self.log.rule(c.before, c.dimension)
        touched = {c.jurisdiction for c in changes}
        rows = []
        for jurisdiction in self.atlas.jurisdictions:
            if only_changed and jurisdiction.id not in touched:
                continue
            cells = [self._cell(comparison.cells[(jurisdiction.id, d.id)], d, was.get((jurisdiction.id, d.id), {}))
                     for d in self.atlas.dimensions]
            rows.append({"jurisdiction": self.contexts.jurisdiction_row(jurisdiction), "cells": cells,
                         "changed": any(c.was or any(p.was for p in c.parts) for c in cells)})
        return rows

    def page(self, key: str) -> dict:
        """Return the context of /compare/if-enacted/ (key '') or /compare/if-enacted/<policy>/."""
        key = key or ALL
        scenarios = self.scenarios() if key == ALL else []  # the list of every scenario: on the first page only
        chosen = scenarios[0] if key == ALL else Scenario(key, (self.views.policy_ref(key),),
                                                          self.views.link(urls.if_enacted(key)), len(self.scenario(key)[1]))
        t = self.views.translate
        title = t(IF_ALL_PASSED) if key == ALL else t(IF_ONE_PASSED) % {"name": chosen.policies[0].text}
        return {"title": title, "scenario": chosen, "scenarios": scenarios, "note": NOTE,
                "rows": self._rows(key, only_changed=key != ALL), "groups": self.contexts.dimension_groups(),
                "dimensions": list(self.atlas.dimensions), "compare": self.views.link(urls.compare()),
                "all": self.views.link(urls.if_enacted()),
                "downloads": {name: self.views.link(urls.data_file(name))
                              for name in ("if-enacted.csv", "if-enacted.json")}}

    def dimension(self, key: str) -> dict:
        """Return the context of /compare/<dimension>/if-enacted/[<policy>/]: maps and value counts as if every
        pending policy passed (key: the dimension's id) or one did (key: dimension/policy)."""
        t = self.views.translate
        dimension_id, _, policy_id = key.partition("/")
        views, changes = self.scenario(policy_id or ALL)
        dimension = self.atlas.dimension[dimension_id]
        moved = [self.log.change(c) for c in changes if c.dimension == dimension_id]
        if policy_id:
            ref = self.views.policy_ref(policy_id)
            title = t(DIMENSION_IF_ONE_PASSED) % {"name": dimension.label, "policy": ref.text}
            heading = Markup(escape(t(DIMENSION_IF_ONE_PASSED))) % {"name": dimension.label, "policy": ref.marked}
            hypothesis = t(MAP_IF_ONE_PASSED) % {"policy": ref.text}
        else:
            title = heading = t(DIMENSION_IF_ALL_PASSED) % {"name": dimension.label}
            hypothesis = t(MAP_IF_ALL_PASSED)
        others = [(self.views.policy_ref(p), self.views.link(urls.if_enacted_dimension(dimension_id, p)))
                  for p in self._pending_on()[dimension_id]]
        return {"title": title, "heading": heading, "dimension": dimension,
                "policy": self.views.policy_ref(policy_id) if policy_id else None,
                "maps": MapViews(views, hypothesis, self._shown).maps(dimension_id), "changes": moved, "note": NOTE,
                "counts": MapViews(views, kept=self._shown).value_counts(dimension_id),
                "actual": self.views.link(urls.dimension(dimension_id)),
                "table": self.views.link(urls.if_enacted(policy_id)), "all": self.views.link(urls.if_enacted_dimension(dimension_id)),
                "choices": others}

    def _pending_on(self) -> dict[str, list[str]]:
        """Return the pending policies with a provision on each dimension, by dimension (once: every page asks)."""
        if self._by_dimension is None:
            self._by_dimension = {d.id: [] for d in self.atlas.dimensions}
            for policy in self.log.pending:
                for dimension in dict.fromkeys(v.dimension for v in self.atlas.policy[policy].provisions):
                    self._by_dimension[dimension].append(policy)
        return self._by_dimension

    # -- exports -----------------------------------------------------------------------------------
    def _records(self):
        """Yield (scenario, change) for every cell each scenario changes: all pending first, then one by one."""
        for scenario in [ALL, *self.log.pending]:
            for change in self.scenario(scenario)[1]:
                yield scenario, change

    def _record(self, scenario: str, change: Change) -> dict:
        dimension = self.atlas.dimension[change.dimension]
        after = change.after.winner
        return {"hypothetical": True, "scenario": scenario,
                "enacted": list(self.log.pending) if scenario == ALL else [scenario],
                "jurisdiction": change.jurisdiction, "jurisdiction_name": self.atlas.jurisdiction[change.jurisdiction].name,
                "dimension": dimension.id, "dimension_label": dimension.label, "sector": change.sector,
                "value_now": change.before.value, "value_now_label": dimension.value(change.before.value).label,
                "value_if_enacted": change.after.value,
                "value_if_enacted_label": dimension.value(change.after.value).label,
                "policy": after.policy if after else None, "note": after.provision.note if after else ""}

    def json(self) -> bytes:
        document = {"hypothetical": True, "note": "Hypothetical. " + NOTE, "as_of": self.atlas.as_of.isoformat(),
                    "pending": list(self.log.pending),
                    "changes": [self._record(s, c) for s, c in self._records()]}
        return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

    def csv(self) -> bytes:
        header = ["hypothetical", "scenario", "enacted", "jurisdiction_id", "jurisdiction", "dimension_id", "dimension",
                  "sector", "value_now_id", "value_now", "value_if_enacted_id", "value_if_enacted", "policy_id", "note"]
        rows = []
        for scenario, change in self._records():
            r = self._record(scenario, change)
            rows.append(["yes", scenario, ";".join(r["enacted"]), r["jurisdiction"], r["jurisdiction_name"],
                         r["dimension"], r["dimension_label"], r["sector"], r["value_now"], r["value_now_label"],
                         r["value_if_enacted"], r["value_if_enacted_label"], r["policy"] or "", r["note"]])
        return csv_file(header, rows)

