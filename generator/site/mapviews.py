"""What a dimension's maps, legend and value counts show in each view of the sectors: one entry per jurisdiction."""

from __future__ import annotations

from generator.compare.derive import NOT_RESEARCHED
from generator.site import maps, urls
from generator.site.views import (ALL, DIFFERS, DIFFERS_DESCRIPTION, NO_RECORD, RESEARCH_LABELS, SECTOR_LABELS, Views,
                                  value_class)


class MapViews:
    """Legends, value counts and maps of one atlas's dimensions, from the cells' views."""

    def __init__(self, views: Views):
        self.views = views
        self.atlas = views.atlas

    def _t(self, text: str) -> str:
        return self.views.translate(text)

    def _shown(self, jurisdiction_id: str, dimension_id: str, view: str) -> tuple[str, str, str]:
        """Return (legend key, label, CSS class) of a jurisdiction's cell as a map or a count of values shows it."""
        cell = self.views.cell(jurisdiction_id, dimension_id, view)
        if cell.differs:
            return maps.DIFFERS, "; ".join(f"{self._t(part.sector_label)}: {self._label(part)}"
                                           for part in cell.parts), cell.css
        cell = cell.parts[0] if cell.parts else cell  # the sectors differ only in the rules behind one value
        if cell.status == NOT_RESEARCHED:
            return maps.NOT_RESEARCHED, self._label(cell), cell.css
        return cell.value, cell.label, cell.css

    def _label(self, cell) -> str:
        """A cell's label in the page's language: a value's comes translated, 'Not yet researched' does not."""
        return self._t(cell.label) if cell.status == NOT_RESEARCHED else cell.label

    def legend(self, dimension_id: str, view: str) -> list[tuple[str, str, str, str]]:
        """Return the legend of a dimension in a view: (key, label, CSS class, description) for each value,
        'Differs by sector' in the view of all sectors, and 'Not yet researched'."""
        dimension = self.atlas.dimension[dimension_id]
        entries = [(v.id, v.label, value_class(dimension_id, v.id), v.description) for v in dimension.values]
        if view == ALL and dimension.by_sector:
            entries.append((maps.DIFFERS, self._t(DIFFERS), "sector-differs", self._t(DIFFERS_DESCRIPTION)))
        entries.append((maps.NOT_RESEARCHED, self._t(RESEARCH_LABELS[NOT_RESEARCHED]), "not-researched",
                        self._t(NO_RECORD)))
        return entries

    def value_counts(self, dimension_id: str, view: str = ALL) -> list[dict]:
        """Return the jurisdictions under each legend entry of a dimension, as the map shows them."""
        legend = self.legend(dimension_id, view)
        groups: dict[str, list] = {key: [] for key, _, _, _ in legend}
        for j in self.atlas.jurisdictions:
            groups[self._shown(j.id, dimension_id, view)[0]].append(self.views.jurisdiction_ref(j.id))
        return [{"key": key, "label": label, "css": css, "description": description, "jurisdictions": groups[key]}
                for key, label, css, description in legend]

    def maps(self, dimension_id: str, view: str = ALL) -> dict:
        """Return the world map and the US states inset for one dimension in one view, as inline SVG."""
        dimension = self.atlas.dimension[dimension_id]
        legend = [(key, label, css) for key, label, css, _ in self.legend(dimension_id, view)]
        countries, states = {}, {}
        for j in self.atlas.jurisdictions:
            if not j.iso_numeric and not (j.kind == "state" and j.parent == "us"):
                continue
            key, label, css = self._shown(j.id, dimension_id, view)
            area = maps.Area(j.id, j.name, self.views.link(urls.jurisdiction(j.id)), key, label, css)
            if j.iso_numeric:
                countries[j.iso_numeric] = area
            else:
                states[j.id] = area
        title = f"{dimension.label}{'' if view == ALL else ' (' + self._t(SECTOR_LABELS[view]).lower() + ')'}: {dimension.question}"
        ident = dimension_id if view == ALL else f"{dimension_id}-{view}"
        return {"world": maps.world_map(countries, f"World map. {title}", legend, ident=f"world-{ident}"),
                "us": maps.us_states_map(states, f"US states. {title}", legend, ident=f"us-{ident}")
                if states else ""}
