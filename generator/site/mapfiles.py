"""What a standalone map file needs (compare/<dimension>/map.svg, map-us.svg, drawn by site/mapviews.py), and
Europe enlarged beside the world map.

A standalone map carries what the page around an inline map gives it: its colours (a <style>
inside the SVG), absolute links, and a line of attribution: the site, the page, the as-of date,
the licence and the map data's source.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Mapping

from babel.core import get_global

from generator.content.records import Dimension
from generator import locales
from generator.site import maps as drawing
from generator.site.views import value_class

WORLD, US, EUROPE = "world", "us", "europe"
MAP_DATA = "Map data: Natural Earth and US Census Bureau (public domain)."


def standalone_style(dimension: Dimension) -> str:
    """Return the stylesheet a standalone map of this dimension needs: light colours, one fill per value."""
    rules = ["svg{color:#1c1e21;background:#fff}", ".country,.state{stroke:#fff;stroke-width:.4}",
             ".no-data-areas{fill:#e3e6ea}", ".legend-swatch.no-data{fill:#e3e6ea}"]
    rules += [f".{value_class(dimension.id, v.id)}{{fill:{v.color}}}" for v in dimension.values]
    rules += [".sector-differs{fill:#b9a3d9}", ".not-researched{fill:#ececec}"]  # as style.css draws them
    return "".join(rules)


def attribution(site, page_url: str, as_of) -> str:
    """Return the attribution line of a standalone map."""
    licence = f" {site.license}." if site.license else ""
    return f"{site.title}, {page_url} (data as of {as_of.isoformat()}).{licence} {MAP_DATA}"


def embed_snippet(image_url: str, alt: str, page_url: str, site, as_of) -> str:
    """Return HTML that embeds a standalone map with its attribution, for readers to copy."""
    licence = f", {escape(site.license)}" if site.license else ""
    return (f'<figure>\n  <img src="{escape(image_url)}" alt="{escape(alt)}" width="1000">\n'
            f'  <figcaption>Source: <a href="{escape(page_url)}">{escape(site.title)}</a>, data as of '
            f'{as_of.isoformat()}{licence}. {escape(MAP_DATA)}</figcaption>\n</figure>')



# Europe's small states and the Balkans, enlarged: the part of the world map around them (its units).
EUROPE_BOX = (468.0, 24.0, 132.0, 102.0)
EUROPE_MARKER = 1.3  # a marker still big enough to point at in the enlarged map


def europe_map(
    areas_by_iso: Mapping[str, drawing.Area], title: str, legend: drawing.Legend, desc: str | None = None, ident: str = "europe",
    no_data: str = drawing.NO_DATA, names: Mapping[str, str] | None = None, sprite: str = "", colon: str = ": ",
) -> str:
    """An inline SVG of Europe enlarged from the world map, so small states can be seen and clicked; no legend.

    `sprite`: the world map's shapes file, as for the world map."""
    return drawing.render_map("europe", ident, drawing.world_shapes(), areas_by_iso, title, legend, desc, "country", "countries",
                      box=EUROPE_BOX, marker=EUROPE_MARKER, no_data=no_data, names=names, sprite=sprite, colon=colon)


@lru_cache(maxsize=None)
def country_names(language: str) -> Mapping[str, str]:
    """Return the world map's countries' names in a language, by key, from Babel's CLDR data.

    The map data names every country in English; for another language each country with an ISO
    3166-1 numeric code gets CLDR's name (阿富汗), the few without one keep the map data's.
    """
    locale = locales.locale(language)
    if locale.language == "en":
        return {}
    aliases = get_global("territory_aliases")  # "004" -> ["AF"]
    found = {}
    for shape in drawing.world_shapes()[0]:
        codes = aliases.get(shape.key) or ()
        if codes and codes[0] in locale.territories:
            found[shape.key] = locale.territories[codes[0]]
    return found


@lru_cache(maxsize=None)
def europe_keys() -> frozenset[str]:
    """Return the keys of the countries whose centre lies in the enlarged map of Europe."""
    x0, y0, bw, bh = EUROPE_BOX
    return frozenset(s.key for s in drawing.world_shapes()[0] if x0 <= s.cx <= x0 + bw and y0 <= s.cy <= y0 + bh)
