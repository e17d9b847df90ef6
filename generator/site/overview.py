"""The compact overview (/compare/overview/): every jurisdiction and every dimension on one screen.

Each cell is a short code on the value's colour with the value's pattern (the maps' patterns, by
the value's rank), so it reads without colour; its full label, rule and note come on hover and
focus, and to screen readers through the table's headers and the cell's description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.content.records import Dimension
from generator.site import maps, urls
from generator.site.views import Ref, Views, value_class

UNKNOWN_CODE = "?"


@dataclass(frozen=True)
class OverviewCell:
    id: str  # of its description, for aria-describedby
    code: str
    label: str
    classes: str  # the badge's colour class and its pattern class
    rule: str  # "policy, via parent: note", or "" when no record covers it
    href: str  # the provision it rests on, or "" when none


@dataclass(frozen=True)
class OverviewColumn:
    ref: Ref
    question: str
    short: str  # the heading shown: the dimension's label
    legend: tuple[tuple[str, str, str], ...]  # (code, label, classes) per value


def short_codes(dimension: Dimension) -> dict[str, str]:
    """Return a short code (at most three letters, unique within the dimension) for each value; '?' for unknown."""
    codes: dict[str, str] = {}
    for value in dimension.values:
        if value.id == "unknown":
            codes[value.id] = UNKNOWN_CODE
            continue
        words = re.findall(r"[A-Za-z0-9]+", value.label) or [value.id]
        candidates = [words[0][:3].upper(), "".join(w[0] for w in words[:3]).upper(),
                      (words[0][:2] + (words[1][:1] if len(words) > 1 else words[0][2:3])).upper(),
                      (words[0][:1] + words[-1][:2]).upper()]
        taken = set(codes.values())
        code = next((c for c in candidates if c and c not in taken), None)
        number = 1
        while code is None or code in taken:  # a last resort: the first letter and a number
            code, number = f"{words[0][:1].upper()}{number}", number + 1
        codes[value.id] = code
    return codes


class Overview:
    """Builds the overview's rows and columns from the views of one comparison."""

    def __init__(self, views: Views):
        self.views = views
        self.atlas = views.atlas
        self._codes = {d.id: short_codes(d) for d in self.atlas.dimensions}
        self._classes = {}
        for d in self.atlas.dimensions:
            legend = [(v.id, v.label, value_class(d.id, v.id)) for v in d.values]
            for v in d.values:
                self._classes[(d.id, v.id)] = f"{value_class(d.id, v.id)} pat-{maps.pattern_kind(v.id, legend)}"

    def columns(self) -> list[OverviewColumn]:
        return [OverviewColumn(self.views.dimension_ref(d.id), d.question, d.label,
                               tuple((self._codes[d.id][v.id], v.label, self._classes[(d.id, v.id)])
                                     for v in d.values))
                for d in self.atlas.dimensions]

    def rows(self) -> list[tuple[Ref, str, list[OverviewCell]]]:
        """Return (jurisdiction, its kind's label, its cells) for every jurisdiction, by name."""
        found = []
        for jurisdiction in self.atlas.jurisdictions:
            cells = []
            for d in self.atlas.dimensions:
                cell = self.views.cell(jurisdiction.id, d.id)
                winner = cell.winner
                rule = ""
                if winner:
                    via = f", via {winner.jurisdiction.text}" if winner.inherited else ""
                    rule = f"{winner.policy.text}{via}: {winner.note}"
                cells.append(OverviewCell(f"o-{jurisdiction.id}-{d.id}", self._codes[d.id][cell.value], cell.label,
                                          self._classes[(d.id, cell.value)], rule, winner.anchor if winner else ""))
            found.append((self.views.jurisdiction_ref(jurisdiction.id), jurisdiction.kind, cells))
        return found

    def page(self) -> dict:
        return {"title": "Overview", "columns": self.columns(), "rows": self.rows(),
                "compare": self.views.link(urls.compare())}
