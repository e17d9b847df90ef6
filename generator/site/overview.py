"""The compact overview (/compare/overview/): every jurisdiction and every dimension on one screen.

Each cell is a short code on the value's colour with the value's pattern (the maps' patterns, by
the value's rank), so it reads without colour; its full label, rule and note come on hover and
focus, and to screen readers through the table's headers and the cell's description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.compare.derive import NOT_RESEARCHED
from generator.content.records import Dimension
from generator.site import maps, urls
from generator.site.views import DIFFERS, NO_RULE, RESEARCH_LABELS, VIA, CellView, Ref, Views, value_class

UNKNOWN_CODE = "?"
DIFFERS_CODE = "≠"  # the public and the private sector have different values
NOT_RESEARCHED_CODE = "–"  # no record covers the cell
DIFFERS_CLASSES = f"sector-differs pat-{maps.SPECIAL_PATTERNS[maps.DIFFERS]}"  # as the maps draw them
NOT_RESEARCHED_CLASSES = f"not-researched pat-{maps.SPECIAL_PATTERNS[maps.NOT_RESEARCHED]}"


@dataclass(frozen=True)
class OverviewCell:
    id: str  # of its description, for aria-describedby
    code: str
    label: str
    classes: str  # the badge's colour class and its pattern class
    rule: Markup  # "policy, via parent: note", or "" when no record covers it
    href: str  # the provision it rests on, or "" when none


@dataclass(frozen=True)
class OverviewColumn:
    ref: Ref
    question: str
    short: str  # the heading shown: the dimension's label
    legend: tuple[tuple[str, str, str], ...]  # (code, label, classes) per value


_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def short_codes(dimension: Dimension) -> dict[str, str]:
    """Return a short code (unique within the dimension) for each value; '?' for unknown.

    The value's own `code` where dimensions.yaml (or its translation) gives one; otherwise at most
    three letters from a Latin label's words (EXP for "Explicit or written"), or, for a label in
    Chinese or Japanese, its first two characters (or another pair of them when taken).
    """
    codes: dict[str, str] = {}
    for value in dimension.values:
        if value.id == "unknown":
            codes[value.id] = UNKNOWN_CODE
            continue
        taken = set(codes.values()) | {v.code for v in dimension.values if v.code}
        if value.code:
            codes[value.id] = value.code
            continue
        code = next((c for c in _candidates(value.label, value.id) if c and c not in taken), None)
        number = 1
        while code is None or code in taken:  # a last resort: the first letter and a number
            code, number = f"{(code or value.id)[:1].upper()}{number}", number + 1
        codes[value.id] = code
    return codes


def _candidates(label: str, value_id: str) -> list[str]:
    """Return the codes to try for a value, best first."""
    han = _CJK.findall(label)
    if len(han) >= 2:
        return ["".join(han[:2]), han[0] + han[-1], "".join(han[:3]), *(han[0] + c for c in han[2:])]
    words = re.findall(r"[A-Za-z]+", label) or re.findall(r"[A-Za-z]+", value_id.replace("_", " "))
    return [words[0][:3].upper(), "".join(w[0] for w in words[:3]).upper(),
            (words[0][:2] + (words[1][:1] if len(words) > 1 else words[0][2:3])).upper(),
            (words[0][:1] + words[-1][:2]).upper()]


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
        t = self.views.translate
        found = []
        for d in self.atlas.dimensions:
            legend = [(self._codes[d.id][v.id], v.label, self._classes[(d.id, v.id)]) for v in d.values]
            if d.by_sector:
                legend.append((DIFFERS_CODE, t(DIFFERS), DIFFERS_CLASSES))
            legend.append((NOT_RESEARCHED_CODE, t(RESEARCH_LABELS[NOT_RESEARCHED]), NOT_RESEARCHED_CLASSES))
            found.append(OverviewColumn(self.views.dimension_ref(d.id), d.question, d.label, tuple(legend)))
        return found

    def _rule(self, cell: CellView) -> Markup:
        """Return "policy, via parent: note" for the provision a cell rests on, or "" when none (names and note
        marked with their language where it is not the page's)."""
        winner = cell.winner
        if winner is None:
            return Markup("")
        via = f", {escape(self.views.translate(VIA))} {winner.jurisdiction.marked}" if winner.inherited else ""
        note = escape(self.views.marked(winner.note))
        return Markup(f"{winner.policy.marked}{via}{escape(self.views.marks.colon)}{note}")

    def cell(self, jurisdiction_id: str, dimension_id: str) -> OverviewCell:
        """Return one cell of the overview: a value's code, or 'differs by sector', or 'not yet researched'."""
        t = self.views.translate
        ident = f"o-{jurisdiction_id}-{dimension_id}"
        cell = self.views.cell(jurisdiction_id, dimension_id)
        if cell.differs:  # the jurisdiction's page shows both sectors' rules
            marks = self.views.marks
            label = marks.label_value(t(DIFFERS), marks.semicolon.join(
                marks.label_value(t(part.sector_label), self.views.label(part)) for part in cell.parts))
            colon = escape(marks.colon)
            rules = Markup(marks.stop[1:]).join(
                _sentence(Markup(f"{escape(t(part.sector_label))}{colon}{self._rule(part) or escape(t(NO_RULE))}"),
                          marks.stop) for part in cell.parts)
            return OverviewCell(ident, DIFFERS_CODE, label, DIFFERS_CLASSES, rules,
                                self.views.jurisdiction_ref(jurisdiction_id).url)
        cell = cell.parts[0] if cell.parts else cell  # the sectors differ only in the rules behind one value
        if cell.status == NOT_RESEARCHED:
            return OverviewCell(ident, NOT_RESEARCHED_CODE, self.views.label(cell), NOT_RESEARCHED_CLASSES, "", "")
        return OverviewCell(ident, self._codes[dimension_id][cell.value], cell.label,
                            self._classes[(dimension_id, cell.value)], self._rule(cell),
                            cell.winner.anchor if cell.winner else "")

    def rows(self) -> list[tuple[Ref, str, list[OverviewCell]]]:
        """Return (jurisdiction, its kind, its cells) for every jurisdiction, in the atlas's order."""
        return [(self.views.jurisdiction_ref(j.id), j.kind, [self.cell(j.id, d.id) for d in self.atlas.dimensions])
                for j in self.atlas.jurisdictions]

    def page(self) -> dict:
        return {"title": "Overview", "columns": self.columns(), "rows": self.rows(),
                "compare": self.views.link(urls.compare())}


def _sentence(text: Markup, stop: str) -> Markup:
    """Return `text` ended as a sentence: with the language's full stop, unless it ends with one (a note does)."""
    return text if str(text).rstrip().endswith((".", "。", "!", "?", "！", "？")) else text + stop.rstrip()
