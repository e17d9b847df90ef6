"""What a dimension's maps, legend and value counts show in each view of the sectors: one entry per jurisdiction.

The maps are inline SVG for a page, or standalone files (site/mapfiles.py: colours inside,
absolute links, attribution); a hypothetical comparison (site/whatif.py) marks every area's label.
"""

from __future__ import annotations

from collections import Counter

from generator.compare.derive import NOT_RESEARCHED, Comparison
from generator.site import mapfiles, maps, urls
from generator.site.languages import join_lines, unspaced
from generator.site.views import (ALL, DIFFERS, DIFFERS_DESCRIPTION, N_, NO_RECORD, RESEARCH_LABELS, SECTOR_LABELS,
                                  Views, value_class)

WORLD_MAP, US_MAP, EUROPE_MAP = N_("World map."), N_("US states."), N_("Europe, enlarged.")
NO_DATA = N_("Not in the atlas")  # maps.NO_DATA, translated
MAP_TITLE = N_("%(label)s: %(question)s")
MAP_TITLE_SECTOR = N_("%(label)s (%(sector)s): %(question)s")
VALUE_COUNT = N_("%(label)s: %(count)s")  # in a map's description
MAP_DESCRIPTION = N_("%(count)s places coloured by value (%(values)s). Other areas are not in the atlas.")


class Shown:
    """What each cell shows on a map and in a count of values (MapViews._shown), kept across the hypothetical
    comparisons of one language's pages: a cell a scenario leaves as it is (the very same derived cells, as
    Views.over tells them) shows what it shows in the actual comparison, so each of those is worked out once."""

    def __init__(self, actual: Comparison):
        self.actual = actual
        self.found: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self.areas: dict[tuple, maps.Area] = {}  # by jurisdiction, what it shows, the label's mark and the link


class MapViews:
    """Legends, value counts and maps of one atlas's dimensions, from the cells' views."""

    def __init__(self, views: Views, hypothetical: str = "", kept: Shown | None = None):
        self.views = views
        self.atlas = views.atlas
        self.hypothetical = hypothetical  # "": the law; else the hypothesis the views' comparison stands for, a sentence
        self.kept = kept  # what the actual comparison's cells show, for the cells this one shares with it

    def _t(self, text: str) -> str:
        return self.views.translate(text)

    def _shown(self, jurisdiction_id: str, dimension_id: str, view: str) -> tuple[str, str, str]:
        """Return (legend key, label, CSS class) of a jurisdiction's cell as a map or a count of values shows it."""
        kept = self.kept
        if kept is None or self.views.comparison.cells[(jurisdiction_id, dimension_id)] is not \
                kept.actual.cells[(jurisdiction_id, dimension_id)]:
            return self._show(jurisdiction_id, dimension_id, view)
        key = (jurisdiction_id, dimension_id, view)
        found = kept.found.get(key)
        if found is None:
            found = kept.found[key] = self._show(jurisdiction_id, dimension_id, view)
        return found

    def _show(self, jurisdiction_id: str, dimension_id: str, view: str) -> tuple[str, str, str]:
        cell = self.views.glance(jurisdiction_id, dimension_id, view)
        if cell.differs:
            marks = self.views.marks
            return maps.DIFFERS, marks.semicolon.join(marks.label_value(self._t(part.sector_label), self.views.label(part))
                                                      for part in cell.parts), cell.css
        cell = cell.parts[0] if cell.parts else cell  # the sectors differ only in the rules behind one value
        if cell.status == NOT_RESEARCHED:
            return maps.NOT_RESEARCHED, self.views.label(cell), cell.css
        return cell.value, cell.label, cell.css

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

    def maps(self, dimension_id: str, view: str = ALL, standalone: bool = False) -> dict:
        """Return the world map, the US states inset and Europe enlarged for one dimension in one view, as SVG.

        `standalone`: as files of their own (mapfiles.WORLD and mapfiles.US only), with absolute
        links, their colours inside and a line of attribution.
        """
        dimension = self.atlas.dimension[dimension_id]
        legend = [(key, label, css) for key, label, css, _ in self.legend(dimension_id, view)]
        link = self.views.links.absolute if standalone else self.views.link
        mark = ""  # " (hypothetical)" after each area's label; "（假设）" in Chinese, with no space before it
        if self.hypothetical:
            word = self._t("(hypothetical)")
            mark = word if unspaced(self.atlas.site.language) else f" {word}"
        countries, states = {}, {}
        for j in self.atlas.jurisdictions:
            if not j.iso_numeric and not (j.kind == "state" and j.parent == "us"):
                continue
            shown = self._shown(j.id, dimension_id, view)
            area = self.kept.areas.get((j.id, shown, mark, standalone)) if self.kept is not None else None
            if area is None:
                key, label, css = shown
                area = maps.Area(j.id, j.name, link(urls.jurisdiction(j.id)), key, label + mark, css)
                if self.kept is not None:
                    self.kept.areas[(j.id, shown, mark, standalone)] = area
            if j.iso_numeric:
                countries[j.iso_numeric] = area
            else:
                states[j.id] = area
        t = self._t
        title = (t(MAP_TITLE) if view == ALL else t(MAP_TITLE_SECTOR)) % {
            "label": dimension.label, "question": dimension.question, "sector": t(SECTOR_LABELS[view]).lower()}
        if self.hypothetical:
            title = f"{self.hypothetical} {title}"
        titled = {which: join_lines(f"{t(prefix)} {title}")  # no space after a Chinese full stop
                  for which, prefix in ((mapfiles.WORLD, WORLD_MAP), (mapfiles.US, US_MAP), (mapfiles.EUROPE, EUROPE_MAP))}
        ident = dimension_id if view == ALL else f"{dimension_id}-{view}"
        extra = {"footer": mapfiles.attribution(self.atlas.site, self.views.links.absolute(urls.dimension(dimension_id)),
                                                self.atlas.as_of),
                 "style": mapfiles.standalone_style(dimension)} if standalone else {}
        in_europe = not mapfiles.europe_keys().isdisjoint(countries)  # some country of the atlas lies there
        no_data, names, colon = t(NO_DATA), mapfiles.country_names(self.atlas.site.language), self.views.marks.colon
        # a standalone file keeps its paths; a site without US states has no US shapes file
        world = "" if standalone else self.sprite("world")
        us = "" if standalone or not states else self.sprite("us")
        return {mapfiles.WORLD: maps.world_map(countries, titled[mapfiles.WORLD], legend, self._describe(countries, legend),
                                               ident=f"world-{ident}", no_data=no_data, names=names, sprite=world,
                                               colon=colon, **extra),
                mapfiles.US: maps.us_states_map(states, titled[mapfiles.US], legend, self._describe(states, legend),
                                                ident=f"us-{ident}", no_data=no_data, sprite=us, colon=colon, **extra)
                if states else "",
                mapfiles.EUROPE: mapfiles.europe_map(countries, titled[mapfiles.EUROPE], legend,
                                                     self._describe(countries, legend), ident=f"europe-{ident}",
                                                     no_data=no_data, names=names, sprite=world, colon=colon)
                if in_europe and not standalone else ""}

    def sprite(self, kind: str) -> str:
        """Return the address of a map's shapes file (maps.sprite), versioned by its content."""
        return f"{self.views.link(urls.map_shapes(kind))}?v={maps.sprite(kind)[1]}"

    def _describe(self, areas: dict, legend) -> str:
        """A map's description: how many places show each legend entry, in the page's language."""
        counts = Counter(a.value_id for a in areas.values())  # one pass, not one per legend entry: three maps a page
        parts = [self._t(VALUE_COUNT) % {"label": label, "count": counts[key]}
                 for key, label, _ in legend if counts[key]]
        return self._t(MAP_DESCRIPTION) % {"count": len(areas), "values": self.views.marks.semicolon.join(parts)}

    def map_file(self, dimension_id: str, which: str) -> bytes:
        """Return one map of a dimension as a standalone SVG file (mapfiles.WORLD or mapfiles.US)."""
        svg = self.maps(dimension_id, standalone=True)[which]
        return ('<?xml version="1.0" encoding="utf-8"?>\n' + svg + "\n").encode("utf-8")
