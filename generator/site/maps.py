"""Choropleth maps drawn at build time as inline SVG from the vendored TopoJSON in mapdata/."""

from __future__ import annotations

import functools
import itertools
import json
import math
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

DATA = Path(__file__).resolve().parent / "mapdata"
WORLD_FILE = DATA / "world-50m.topo.json"
US_FILE = DATA / "us-states-albers.topo.json"

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]
Legend = Sequence[tuple[str, str, str]]  # (value id, label, CSS class) in the dimension's order

# Equal Earth (Šavrič, Patterson & Jenny 2018) polynomial coefficients.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2

WORLD_WIDTH = 1000.0  # viewBox widths; heights follow from the data
US_WIDTH = 1000.0
PAD = 4.0
TINY = 12.0  # a shape with data smaller than this (square viewBox units) is drawn as a round marker
MARKER_R = 3.5
LEGEND_FONT, LEGEND_ROW, LEGEND_COLS = 22, 34, 2
PATTERNS = ("solid", "lines", "dots", "cross", "hlines", "vlines")  # by the value's rank
NO_DATA = "Not in the atlas"
# Legend keys of areas that show no one value of the dimension (never value ids, which start with a letter or digit).
DIFFERS, NOT_RESEARCHED = "_differs", "_not_researched"
SPECIAL_PATTERNS = {DIFFERS: "checks", NOT_RESEARCHED: "hatch"}

_FIPS = (
    "01AL 02AK 04AZ 05AR 06CA 08CO 09CT 10DE 11DC 12FL 13GA 15HI 16ID 17IL 18IN 19IA 20KS "
    "21KY 22LA 23ME 24MD 25MA 26MI 27MN 28MS 29MO 30MT 31NE 32NV 33NH 34NJ 35NM 36NY 37NC "
    "38ND 39OH 40OK 41OR 42PA 44RI 45SC 46SD 47TN 48TX 49UT 50VT 51VA 53WA 54WV 55WI 56WY"
)
STATE_IDS: dict[str, str] = {code[:2]: "us-" + code[2:].lower() for code in _FIPS.split()}


@dataclass(frozen=True)
class Area:
    """What one jurisdiction shows on a map: its link, value and the CSS class that colours it."""

    key: str  # the jurisdiction's id, written as data-key for scripts
    name: str  # for the tooltip; "" takes the map data's name
    href: str
    value_id: str
    label: str
    css: str


Base = tuple[tuple["Shape", ...], float, float]  # shapes, viewBox width, height of the map part


@dataclass(frozen=True)
class Shape:
    """One feature projected into viewBox units: its key, name, path data, centre and area."""

    key: str
    name: str
    d: str
    cx: float
    cy: float
    area: float


def load_topology(path: Path) -> dict[str, Any]:
    """Read a TopoJSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


def decode_arcs(topology: Mapping[str, Any]) -> list[list[Point]]:
    """Return every arc as absolute coordinates, undoing delta-encoding and the transform."""
    transform = topology.get("transform")
    if not transform:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in topology["arcs"]]
    (kx, ky), (tx, ty) = transform["scale"], transform["translate"]
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        xs, ys = itertools.accumulate(p[0] for p in arc), itertools.accumulate(p[1] for p in arc)
        arcs.append([(x * kx + tx, y * ky + ty) for x, y in zip(xs, ys)])
    return arcs


def stitch(arcs: Sequence[Sequence[Point]], indexes: Sequence[int]) -> Ring:
    """Join a ring's arcs (index ~i means arc i reversed), dropping each shared joint once."""
    ring: Ring = []
    for i in indexes:
        arc = list(arcs[i]) if i >= 0 else list(reversed(arcs[~i]))
        ring.extend(arc[1:] if ring else arc)
    return ring


def polygons(geometry: Mapping[str, Any], arcs: Sequence[Sequence[Point]]) -> list[Polygon]:
    """Return a Polygon or MultiPolygon geometry as a list of polygons (outer ring, then holes)."""
    kind, parts = geometry.get("type"), geometry.get("arcs", [])
    polys = [parts] if kind == "Polygon" else parts if kind == "MultiPolygon" else []
    return [[stitch(arcs, ring) for ring in poly] for poly in polys]


def equal_earth(lon: float, lat: float) -> Point:
    """Project degrees to Equal Earth on the unit sphere (x east, y north)."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def signed_area(ring: Sequence[Point]) -> float:
    """Shoelace area of a ring; positive when clockwise on screen (y down)."""
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]]))


def _num(n: int) -> str:
    """Write a count of tenths as a short decimal: 12 -> 1.2, -3 -> -.3, 40 -> 4."""
    whole, tenth = divmod(abs(n), 10)
    return ("-" if n < 0 else "") + (str(whole) if not tenth else f"{whole or ''}.{tenth}")


def _join(numbers: Sequence[int]) -> str:
    """Join numbers for path data, letting a minus sign stand as the separator."""
    out = ""
    for n in numbers:
        s = _num(n)
        out += s if not out or s.startswith("-") else " " + s
    return out


def ring_d(ring: Sequence[Point]) -> str:
    """Path data for one ring in tenths of a unit, relative moves, zero-length steps dropped."""
    pts: list[tuple[int, int]] = []
    for x, y in ring:
        p = (round(x * 10), round(y * 10))
        if not pts or p != pts[-1]:
            pts.append(p)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    if len(set(pts)) < 3:
        return ""
    steps = [v for a, b in zip(pts, pts[1:]) for v in (b[0] - a[0], b[1] - a[1])]
    return "M" + _join(pts[0]) + "l" + _join(steps) + "z"


def circle_d(cx: float, cy: float, r: float) -> str:
    """Path data for a clockwise circle, like outer rings, so it adds to a shape and never cuts it."""
    x, y, rr = round((cx - r) * 10), round(cy * 10), round(r * 10)
    arc = f"a{_num(rr)} {_num(rr)} 0 1 1"
    return f"M{_join((x, y))}{arc} {_join((2 * rr, 0))}{arc} {_join((-2 * rr, 0))}z"


def make_shape(key: str, name: str, polys: list[Polygon]) -> Shape:
    """Orient rings (outer clockwise, holes anticlockwise) and write one feature's path data."""
    parts: list[str] = []
    total = best = 0.0
    cx = cy = 0.0
    for poly in polys:
        for i, ring in enumerate(poly):
            a = signed_area(ring)
            if (a > 0) != (i == 0):
                ring = ring[::-1]
            parts.append(ring_d(ring))
            if i == 0:
                total += abs(a)
                if abs(a) >= best:
                    best = abs(a)
                    cx = sum(p[0] for p in ring) / len(ring)
                    cy = sum(p[1] for p in ring) / len(ring)
            else:
                total -= abs(a)
    d = "".join(parts) or circle_d(cx, cy, 0.6)
    return Shape(key, name, d, round(cx, 1), round(cy, 1), total)


def clip(ring: Sequence[Point], edge: float, side: int) -> Ring:
    """Sutherland-Hodgman: keep the part of a ring where side * (x - edge) <= 0."""
    out: Ring = []
    for (x0, y0), (x1, y1) in zip([*ring[-1:], *ring[:-1]], ring):
        in0, in1 = side * (x0 - edge) <= 0, side * (x1 - edge) <= 0
        if in0 != in1:
            out.append((edge, y0 + (y1 - y0) * (edge - x0) / (x1 - x0)))
        if in1:
            out.append((x1, y1))
    return out


def cut_antimeridian(poly: Polygon) -> list[Polygon]:
    """Make a lon/lat polygon's rings continuous, then cut it at +-180 degrees into pieces."""
    rings = []
    for ring in poly:
        cont: Ring = [ring[0]]
        for x, y in ring[1:]:
            x += round((cont[-1][0] - x) / 360) * 360
            cont.append((x, y))
        rings.append(cont)
    if all(-180 <= x <= 180 for x, _ in rings[0]):
        return [poly]
    pieces = []
    for k in (-1, 0, 1):
        lo, hi = 360 * k - 180, 360 * k + 180
        clipped = [[(x - 360 * k, y) for x, y in clip(clip(r, lo, -1), hi, 1)] for r in rings]
        if len(clipped[0]) >= 3:
            pieces.append([clipped[0], *(r for r in clipped[1:] if len(r) >= 3)])
    return pieces


def project_features(
    topology: Mapping[str, Any], obj: str, keyer: Callable[[Mapping[str, Any]], str],
    project: Callable[[float, float], Point], lonlat: bool,
) -> list[tuple[str, str, list[Polygon]]]:
    """Decode one object's features (cutting lon/lat ones at the antimeridian) and project them."""
    arcs = decode_arcs(topology)
    out = []
    for geom in topology["objects"][obj]["geometries"]:
        polys = polygons(geom, arcs)
        if lonlat:
            polys = [piece for poly in polys for piece in cut_antimeridian(poly)]
        projected = [[[project(x, y) for x, y in ring] for ring in poly] for poly in polys]
        out.append((keyer(geom), str(geom.get("properties", {}).get("name", "")), projected))
    return sorted(out, key=lambda f: f[0])


def world_key(geometry: Mapping[str, Any]) -> str:
    """A country's key: its ISO 3166-1 numeric code, or 'x-' and its name when it has none."""
    name = str(geometry.get("properties", {}).get("name", ""))
    return str(geometry["id"]) if geometry.get("id") is not None else "x-" + name.lower().replace(" ", "-")


def fit(feats: list[tuple[str, str, list[Polygon]]], width: float) -> Base:
    """Scale y-up features to a viewBox of the given width (y down) and write their paths."""
    xs = [x for _, _, ps in feats for poly in ps for x, _ in poly[0]]
    ys = [y for _, _, ps in feats for poly in ps for _, y in poly[0]]
    k = (width - 2 * PAD) / (max(xs) - min(xs))
    x0, y1 = min(xs), max(ys)
    shapes = tuple(
        make_shape(key, name, [[[(PAD + (x - x0) * k, PAD + (y1 - y) * k) for x, y in r] for r in p] for p in ps])
        for key, name, ps in feats
    )
    return shapes, width, round(PAD * 2 + (y1 - min(ys)) * k, 1)


@functools.lru_cache(maxsize=None)
def world_shapes() -> Base:
    """All countries in Equal Earth, fitted to the viewBox; cached for the process."""
    return fit(project_features(load_topology(WORLD_FILE), "countries", world_key, equal_earth, True), WORLD_WIDTH)


@functools.lru_cache(maxsize=None)
def us_shapes() -> Base:
    """The 50 states and DC, stored already projected (Albers USA, y down); cached for the process."""
    feats = project_features(
        load_topology(US_FILE), "states", lambda g: STATE_IDS[str(g["id"])], lambda x, y: (x, -y), False
    )
    return fit(feats, US_WIDTH)


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


def _legend(prefix: str, legend: Legend, top: float, width: float) -> str:
    """The key: a swatch (colour and pattern) and label per value, then 'No data', in columns."""
    items = [(label, css, pattern_kind(v, legend)) for v, label, css in legend]
    items.append((NO_DATA, "no-data", "none"))
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
    box: tuple[float, float, float, float] | None = None, marker: float = MARKER_R,
) -> str:
    """Draw the shapes with the areas' colours, patterns and links, a legend, title and description.

    `footer`: a line of text under the legend (a standalone map's attribution); `style`: a
    stylesheet to put inside the SVG (a standalone map has no page to take its colours from).
    `box` (x, y, width, height in the base's units): draw only that part, enlarged, without a
    legend; shapes too small to see even there become markers of radius `marker`.
    """
    shapes, width, map_h = base
    tiny = TINY
    if box is not None:
        x0, y0, bw, bh = box
        shapes = tuple(s for s in shapes if x0 - bw / 2 < s.cx < x0 + bw * 1.5 and y0 - bh / 2 < s.cy < y0 + bh * 1.5)
        tiny = TINY * (bw / width) ** 2
    known = {s.key for s in shapes}
    areas = {k: a for k, a in areas.items() if k in known}
    plain, linked = [], []
    for s in shapes:
        area = areas.get(s.key)
        if area is None:
            plain.append(f'<path class="{cls} no-data" d="{s.d}"><title>{escape(s.name)}: {NO_DATA}</title></path>')
            continue
        d = circle_d(s.cx, s.cy, marker) if s.area < tiny else s.d
        pattern = pattern_kind(area.value_id, legend)
        name = escape(f"{area.name or s.name}: {area.label}")
        overlay = f'<path class="pattern-overlay" d="{d}" fill="url(#{ident}-p-{pattern})" pointer-events="none"/>'
        linked.append(
            f'<a href="{escape(area.href)}" data-key="{escape(area.key)}" aria-label="{name}"><title>{name}</title>'
            f'<path class="{cls} {escape(area.css)} pattern-{pattern}" d="{d}" fill="#888"/>'
            f'{overlay if pattern not in ("solid", "plain") else ""}</a>'
        )
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
        f'<g class="no-data-areas" fill="#d9d9d9" aria-hidden="true">{"".join(plain)}</g>'
        f'<g class="data-areas">{"".join(linked)}</g></g>'
        f"{_legend(ident, legend, map_h + PAD, width) if legend and box is None else ''}{below if box is None else ''}</svg>"
    )


def world_map(
    areas_by_iso: Mapping[str, Area], title: str, legend: Legend, desc: str | None = None, ident: str = "world",
    footer: str = "", style: str = "",
) -> str:
    """An inline SVG world choropleth; areas keyed by 3-digit ISO numeric code, legend as (value, label, css)."""
    return render_map("world", ident, world_shapes(), areas_by_iso, title, legend, desc, "country", "countries",
                      footer, style)


def us_states_map(
    areas_by_state_id: Mapping[str, Area], title: str, legend: Legend, desc: str | None = None, ident: str = "us",
    footer: str = "", style: str = "",
) -> str:
    """An inline SVG map of the 50 states and DC; areas keyed by our ids (us-il), legend as in world_map."""
    return render_map("us", ident, us_shapes(), areas_by_state_id, title, legend, desc, "state", "states",
                      footer, style)

