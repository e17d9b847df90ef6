"""The research status: the shares of answered, undetermined and not yet researched cells, and the to-do list."""

from __future__ import annotations

from dataclasses import dataclass

from generator.compare import research
from generator.compare.derive import BOTH, NOT_RESEARCHED, STATUSES, UNKNOWN
from generator.site import urls
from generator.site.views import ALL, RESEARCH_LABELS, LayerView, Ref, Views


@dataclass(frozen=True)
class ProvisionCells:
    """A provision and the cells that rest on it: (jurisdiction, sector label or "" for both), for the research page."""

    dimension: Ref
    layer: LayerView
    places: list


class ResearchViews:
    """The research shares (home, compare and research pages) and the research page, for one atlas."""

    def __init__(self, views: Views):
        self.views = views
        self.atlas = views.atlas
        self._shares: dict | None = None  # status(), worked out once

    def status(self) -> dict:
        """Return the shares of answered, undetermined and not yet researched cells, and of official text."""
        if self._shares is None:
            self._shares = self._work_out()
        return self._shares

    def _work_out(self) -> dict:
        found = research.status(self.atlas, self.views.comparison)
        return {"total": found.total, "url": self.views.link(urls.research()),
                "shares": [{"status": s, "label": RESEARCH_LABELS[s], "count": found.counts[s],
                            "share": research.percent(found.share(s))} for s in STATUSES],
                "official": found.official, "researched": found.researched,
                "official_share": research.percent(found.official_share)}

    def page(self) -> dict:
        """The research to-do list: provisions cells rest on without official text, undetermined ones, and the
        cells no provision covers. A provision is listed once, with every cell (jurisdiction, sector) resting on it."""
        secondary: dict[tuple, ProvisionCells] = {}
        undetermined: dict[tuple, ProvisionCells] = {}
        missing: dict[str, list] = {d.id: [] for d in self.atlas.dimensions}
        secondary_cells = 0  # counted as the shares are: once per sector a cell stands for
        for item in research.counted(self.atlas, self.views.comparison):
            cell = item.cell
            shown = self.views.cell(cell.jurisdiction, cell.dimension, ALL if cell.sector == BOTH else cell.sector)
            place = (self.views.jurisdiction_ref(cell.jurisdiction), shown.sector_label)
            if cell.status == NOT_RESEARCHED:
                missing[cell.dimension].append(place)
                continue
            key = (shown.winner.policy.id, shown.winner.anchor)
            secondary_cells += item.weight if item.evidence != research.OFFICIAL else 0
            for wanted, groups in ((cell.status == UNKNOWN, undetermined), (item.evidence != research.OFFICIAL, secondary)):
                if wanted:
                    groups.setdefault(key, ProvisionCells(shown.dimension, shown.winner, [])).places.append(place)
        by_size = lambda group: (-len(group.places), group.layer.policy.text.casefold(), group.layer.anchor)  # noqa: E731
        return {"title": "Research status", "research": self.status(),
                "secondary": sorted(secondary.values(), key=by_size),
                "secondary_cells": secondary_cells,
                "undetermined": sorted(undetermined.values(), key=by_size), "compare": self.views.link(urls.compare()),
                "missing": [(self.views.dimension_ref(d), rows) for d, rows in missing.items() if rows]}
