"""Choropleth maps drawn at build time as inline SVG from the vendored TopoJSON in mapdata/ (its geometry:
site/mapshapes.py)."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from html import escape
from typing import Mapping, Sequence

from generator.site.mapshapes import (  # noqa: F401 (the geometry's names, as maps.* for the modules drawing maps)
    DATA, MARKER_R, PAD, STATE_IDS, TINY, US_FILE, US_WIDTH, WORLD_FILE, WORLD_WIDTH, A1, A2, A3, A4, M, Base,
    Point, Polygon, Ring, Shape, circle_d, clip, cut_antimeridian, decode_arcs, equal_earth, fit, load_topology,
    make_shape, polygons, project_features, ring_d, signed_area, stitch, us_shapes, world_key, world_shapes)

Legend = Sequence[tuple[str, str, str]]  # (value id, label, CSS class) in the dimension's order


LEGEND_FONT, LEGEND_ROW, LEGEND_COLS = 22, 34, 2
PATTERNS = ("solid", "lines", "dots", "cross", "hlines", "vlines")  # by the value's rank
NO_DATA = "Not in the atlas"
# Legend keys of areas that show no one value of the dimension (never value ids, which start with a letter or digit).
DIFFERS, NOT_RESEARCHED = "_differs", "_not_researched"
SPECIAL_PATTERNS = {DIFFERS: "checks", NOT_RESEARCHED: "hatch"}


@dataclass(frozen=True)
class Area:
    """What one jurisdiction shows on a map: its link, value and the CSS class that colours it."""

    key: str  # the jurisdiction's id, written as data-key for scripts
    name: str  # for the tooltip; "" takes the map data's name
    href: str
    value_id: str
    label: str
    css: str


def sprite_id(key: str) -> str:
    """The id of a shape in its map's shapes file: 'a-' and its key (an id should not start with a digit)."""
    return f"a-{key}"


@functools.lru_cache(maxsize=None)
def sprite(kind: str) -> tuple[bytes, str]:
    """Return the shapes file of a map ('world' or 'us', at urls.map_shapes) and a short hash of it, for ?v=.

    The pages' maps draw each shape with <use href="/static/map-world.svg?v=...#a-250">: the browser
    fetches the shapes once for the whole site, and a page carries only its areas' links, titles and
    colours (a dimension's maps were 170 KB of every page that shows them, path data for the most part).
    """
    shapes, width, height = world_shapes() if kind == "world" else us_shapes()
    body = "".join(f'<path id="{sprite_id(s.key)}" d="{s.d}"/>' for s in shapes)
    data = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}"><defs>{body}</defs></svg>\n'
            ).encode("utf-8")
    return data, hashlib.blake2b(data, digest_size=5).hexdigest()


def pattern_kind(value_id: str, legend: Legend) -> str:
    """The pattern for a value: by its rank in the legend; 'unknown' and unlisted values are plain.

    Areas whose sectors differ are drawn in checks and areas no record covers hatched, whatever the legend.
    """
    if value_id in SPECIAL_PATTERNS:
        return SPECIAL_PATTERNS[value_id]
    ranks = [v for v, _, _ in legend if v != "unknown" and v not in SPECIAL_PATTERNS]
    if value_id not in ranks:
        return "plain"
    return PATTERNS[ranks.index(value_id) % len(PATTERNS)]


def _defs(prefix: str, scale: float = 1.0) -> str:
    """SVG <pattern> elements: dark marks with a light halo, readable on any fill and in greyscale.

    `scale` shrinks them for an enlarged map, so that they look the same size on screen.
    """
    def mark(d: str) -> str:
        halo = f'<path d="{d}" stroke="#fff" stroke-opacity=".6" stroke-width="3.2"/>'
        return halo + f'<path d="{d}" stroke="#000" stroke-opacity=".75" stroke-width="1.4"/>'

    dots = '<circle cx="4" cy="4" r="1.8" fill="#000" fill-opacity=".75" stroke="#fff" stroke-opacity=".6"/>'
    zoom = f" scale({scale:g})" if scale != 1 else ""
    rot = f' patternTransform="rotate(45){zoom}"'
    flat = f' patternTransform="{zoom.strip()}"' if zoom else ""
    checks = '<path d="M0 0h4v4h-4zM4 4h4v4h-4z" fill="#000" fill-opacity=".55"/>'
    hatch = '<path d="M0 4h8" stroke="#000" stroke-opacity=".45" stroke-width="1"/>'
    bodies = {
        "lines": (rot, mark("M0 4h8")), "dots": (rot, dots), "cross": (rot, mark("M0 4h8") + mark("M4 0v8")),
        "hlines": (flat, mark("M0 4h8")), "vlines": (flat, mark("M4 0v8")),
        "checks": (flat, checks), "hatch": (f' patternTransform="rotate(-45){zoom}"', hatch),
    }
    return "<defs>" + "".join(
        f'<pattern id="{prefix}-p-{kind}" class="map-pattern" width="8" height="8" '
        f'patternUnits="userSpaceOnUse"{attrs}>{body}</pattern>'
        for kind, (attrs, body) in bodies.items()
    ) + "</defs>"


def _legend(prefix: str, legend: Legend, top: float, width: float, no_data: str = NO_DATA) -> str:
    """The key: a swatch (colour and pattern) and label per value, then 'No data', in columns."""
    items = [(label, css, pattern_kind(v, legend)) for v, label, css in legend]
    items.append((no_data, "no-data", "none"))
    col_w = (width - 2 * PAD) / LEGEND_COLS
    out = []
    for i, (label, css, kind) in enumerate(items):
        x = PAD + (i % LEGEND_COLS) * col_w
        y = top + (i // LEGEND_COLS) * LEGEND_ROW
        box = f'x="{x:.1f}" y="{y:.1f}" width="36" height="24"'
        fill = "#d9d9d9" if kind == "none" else "#888"
        swatch = f'<rect class="legend-swatch {escape(css)} pattern-{kind}" {box} fill="{fill}"/>'
        if kind not in ("solid", "plain", "none"):
            swatch += f'<rect class="pattern-overlay" {box} fill="url(#{prefix}-p-{kind})"/>'
        text = f'<text x="{x + 46:.1f}" y="{y + 19:.1f}" fill="currentColor" stroke="none">{escape(label)}</text>'
        out.append(swatch + text)
    return (
        f'<g class="legend" font-size="{LEGEND_FONT}" font-family="system-ui, sans-serif" '
        f'stroke="currentColor" stroke-width="0.75">{"".join(out)}</g>'
    )


def _describe(areas: Mapping[str, Area], legend: Legend, noun: str) -> str:
    """A default description: how many places show each value."""
    counts = {v: sum(1 for a in areas.values() if a.value_id == v) for v, _, _ in legend}
    parts = [f"{label}: {counts[v]}" for v, label, _ in legend if counts.get(v)]
    return f"{len(areas)} {noun} coloured by value ({'; '.join(parts) or 'none'}). Other areas are not in the atlas."


def render_map(
    kind: str, ident: str, base: Base, areas: Mapping[str, Area], title: str, legend: Legend,
    desc: str | None, cls: str, noun: str, footer: str = "", style: str = "",
    box: tuple[float, float, float, float] | None = None, marker: float = MARKER_R, no_data: str = NO_DATA,
    names: Mapping[str, str] | None = None, sprite: str = "", colon: str = ": ",
) -> str:
    """Draw the shapes with the areas' colours, patterns and links, a legend, title and description.

    `footer`: a line of text under the legend (a standalone map's attribution); `style`: a
    stylesheet to put inside the SVG (a standalone map has no page to take its colours from).
    `box` (x, y, width, height in the base's units): draw only that part, enlarged, without a
    legend; shapes too small to see even there become markers of radius `marker`. `names`: the
    names, by key, of places not in the atlas in the page's language (the map data's are English).
    `sprite`: the address of the map's shapes file (sprite(), at urls.map_shapes), to draw each shape
    as a <use> of it instead of writing out its path; markers are drawn in place all the same.
    """
    shapes, width, map_h = base
    tiny = TINY
    if box is not None:
        x0, y0, bw, bh = box
        shapes = tuple(s for s in shapes if x0 - bw / 2 < s.cx < x0 + bw * 1.5 and y0 - bh / 2 < s.cy < y0 + bh * 1.5)
        tiny = TINY * (bw / width) ** 2
    known = {s.key for s in shapes}
    areas = {k: a for k, a in areas.items() if k in known}
    patterns = {v: pattern_kind(v, legend) for v in {a.value_id for a in areas.values()}}
    linked = []
    use = f'use href="{escape(sprite)}#'
    for s in shapes:
        area = areas.get(s.key)
        if area is None:
            continue
        shape = (f'path d="{circle_d(s.cx, s.cy, marker)}"' if s.area < tiny else
                 f'{use}{sprite_id(s.key)}"' if sprite else f'path d="{s.d}"')
        linked.append(_linked_area(shape, area, s.name, patterns[area.value_id], ident, cls, colon))
    rows = -(-(len(legend) + 1) // LEGEND_COLS) if legend and box is None else 0
    height = map_h + (rows * LEGEND_ROW + 2 * PAD if rows else 0)
    below = ""
    if footer:
        below = (f'<text class="attribution" x="{PAD:g}" y="{height + LEGEND_FONT * 0.75:.1f}" font-size="{LEGEND_FONT * 0.75:g}" '
                 f'font-family="system-ui, sans-serif" fill="currentColor">{escape(footer)}</text>')
        height += LEGEND_FONT + PAD
    text = escape(desc if desc is not None else _describe(areas, legend, noun))
    view = f"0 0 {width:g} {height:g}" if box is None else " ".join(f"{v:g}" for v in box)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map map-{kind}" viewBox="{view}" '
        f'role="group" aria-labelledby="{ident}-map-title" aria-describedby="{ident}-map-desc">'
        f'<title id="{ident}-map-title">{escape(title)}</title><desc id="{ident}-map-desc">{text}</desc>'
        f"{f'<style>{style}</style>' if style else ''}{_defs(ident, 1.0 if box is None else box[2] / width * 2.5)}"
        f'<g class="areas" stroke="#fff" stroke-width="0.5" stroke-linejoin="round">'
        f'<g class="no-data-areas" fill="#d9d9d9" aria-hidden="true">{_no_data(base, box, shapes, frozenset(areas), cls, no_data, names, sprite, colon)}</g>'
        f'<g class="data-areas">{"".join(linked)}</g></g>'
        f"{_legend(ident, legend, map_h + PAD, width, no_data) if legend and box is None else ''}{below if box is None else ''}</svg>"
    )


@functools.lru_cache(maxsize=1 << 14)
def _linked_area(shape: str, area: Area, shape_name: str, pattern: str, ident: str, cls: str, colon: str) -> str:
    """One area of a map: its link, title, shape and pattern. Kept: a dimension's map shows the same area on each of
    its "if enacted" pages but where the proposal changes the cell (mapviews.Shown keeps their Area)."""
    name = escape(f"{area.name or shape_name}{colon}{area.label}")
    overlay = f'<{shape} class="pattern-overlay" fill="url(#{ident}-p-{pattern})" pointer-events="none"/>'
    return (f'<a href="{escape(area.href)}" data-key="{escape(area.key)}" aria-label="{name}"><title>{name}</title>'
            f'<{shape} class="{cls} {escape(area.css)} pattern-{pattern}" fill="#888"/>'
            f'{overlay if pattern not in ("solid", "plain") else ""}</a>')


_NO_DATA_AREAS: dict[tuple, tuple[str, tuple]] = {}  # one map's grey areas in one language, drawn on many pages


def _no_data(base: Base, box, shapes: tuple[Shape, ...], shown: frozenset[str], cls: str, no_data: str,
             names: Mapping[str, str] | None, sprite: str, colon: str) -> str:
    """The shapes of the places not in the atlas (not in `shown`), grey, each named; made once for each map.

    Kept by the identity of the map's base and names (both cached where the maps get them; an entry
    holds them, so that their ids are not reused while it is kept).
    """
    key = (id(base), box, id(names), shown, cls, no_data, sprite, colon)
    found = _NO_DATA_AREAS.get(key)
    if found is None:
        if len(_NO_DATA_AREAS) > 64:
            _NO_DATA_AREAS.clear()
        found = _NO_DATA_AREAS[key] = ("".join(
            (f'<use href="{escape(sprite)}#{sprite_id(s.key)}" class="{cls} no-data">' if sprite else
             f'<path class="{cls} no-data" d="{s.d}">') +
            f'<title>{escape(names.get(s.key, s.name) if names else s.name)}{colon}{escape(no_data)}</title>'
            f'</{"use" if sprite else "path"}>' for s in shapes if s.key not in shown), (base, names))
    return found[0]


def world_map(
    areas_by_iso: Mapping[str, Area], title: str, legend: Legend, desc: str | None = None, ident: str = "world",
    footer: str = "", style: str = "", no_data: str = NO_DATA, names: Mapping[str, str] | None = None,
    sprite: str = "", colon: str = ": ",
) -> str:
    """An inline SVG world choropleth; areas keyed by 3-digit ISO numeric code, legend as (value, label, css).

    `colon`: what stands between a place's name and its value in its title, in the page's language."""
    return render_map("world", ident, world_shapes(), areas_by_iso, title, legend, desc, "country", "countries",
                      footer, style, no_data=no_data, names=names, sprite=sprite, colon=colon)


def us_states_map(
    areas_by_state_id: Mapping[str, Area], title: str, legend: Legend, desc: str | None = None, ident: str = "us",
    footer: str = "", style: str = "", no_data: str = NO_DATA, sprite: str = "", colon: str = ": ",
) -> str:
    """An inline SVG map of the 50 states and DC; areas keyed by our ids (us-il), legend as in world_map."""
    return render_map("us", ident, us_shapes(), areas_by_state_id, title, legend, desc, "state", "states",
                      footer, style, no_data=no_data, sprite=sprite, colon=colon)

