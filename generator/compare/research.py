"""How far the research behind the comparison has got: each cell's status and what it rests on.

A cell is counted once per sector it stands for: on a dimension that can differ by sector, a cell
both sectors share counts twice (public and private), a cell of one sector once; on a dimension with
one answer for the whole jurisdiction (by_sector: false), once. So the total is the same whatever
the provisions say: jurisdictions x (2 x dimensions that can differ by sector + the others).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Mapping

from generator.compare.derive import KNOWN, STATUSES, UNKNOWN, Cell, Comparison
from generator.content.model import Atlas

OFFICIAL = "official"


@dataclass(frozen=True)
class Counted:
    """One derived cell as the research status counts it."""

    cell: Cell
    weight: int  # the sectors it stands for: 2 for a cell both sectors share on a dimension that can differ by sector
    evidence: str  # the kind of source its provision cites (official, secondary, ...); "" when not researched


@dataclass(frozen=True)
class Status:
    """How many cells are answered, undetermined and not yet researched, and how many rest on official text."""

    total: int
    counts: Mapping[str, int]  # KNOWN, UNKNOWN, NOT_RESEARCHED -> cells
    official: int  # researched cells (answered or undetermined) whose provision cites official text

    @property
    def researched(self) -> int:
        return self.counts[KNOWN] + self.counts[UNKNOWN]

    def share(self, status: str) -> float:
        """Return the share of all cells with this status, from 0 to 1."""
        return self.counts[status] / self.total if self.total else 0.0

    @property
    def official_share(self) -> float:
        """Return the share of researched cells that rest on official text, from 0 to 1."""
        return self.official / self.researched if self.researched else 0.0


def evidence(atlas: Atlas, cell: Cell) -> str:
    """Return the kind of source the cell's provision cites ("" when no provision covers it)."""
    if cell.winner is None:
        return ""
    source = atlas.policy[cell.winner.policy].source(cell.winner.provision.cite.source)
    return source.kind if source else ""


def counted(atlas: Atlas, comparison: Comparison) -> Iterator[Counted]:
    """Yield every derived cell with its weight and evidence, jurisdiction by jurisdiction, dimension by dimension."""
    for jurisdiction in atlas.jurisdictions:
        for dimension in atlas.dimensions:
            cells = comparison.sectors(jurisdiction.id, dimension.id)
            weight = 2 if dimension.by_sector and len(cells) == 1 else 1
            for cell in cells:
                yield Counted(cell, weight, evidence(atlas, cell))


def status(atlas: Atlas, comparison: Comparison) -> Status:
    """Return the research status of the whole comparison."""
    counts = dict.fromkeys(STATUSES, 0)
    official = 0
    for item in counted(atlas, comparison):
        counts[item.cell.status] += item.weight
        if item.evidence == OFFICIAL:
            official += item.weight
    return Status(sum(counts.values()), counts, official)


def percent(share: float) -> str:
    """Return a share as a whole percentage, '<1%' for a small one that is not nothing."""
    if 0 < share < 0.005:
        return "<1%"
    return f"{round(share * 100)}%"
