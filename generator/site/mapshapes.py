"""The geometry of the maps: the vendored TopoJSON in mapdata/ decoded, projected (Equal Earth for the world,
Albers for the US states as shipped) and fitted into a viewBox, once per process (site/maps.py draws them)."""

from __future__ import annotations

import functools
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

DATA = Path(__file__).resolve().parent / "mapdata"
WORLD_FILE = DATA / "world-50m.topo.json"
US_FILE = DATA / "us-states-albers.topo.json"

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]
# Equal Earth (Šavrič, Patterson & Jenny 2018) polynomial coefficients.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
WORLD_WIDTH = 1000.0  # viewBox widths; heights follow from the data
US_WIDTH = 1000.0
PAD = 4.0
TINY = 12.0  # a shape with data smaller than this (square viewBox units) is drawn as a round marker
MARKER_R = 3.5
_FIPS = (
    "01AL 02AK 04AZ 05AR 06CA 08CO 09CT 10DE 11DC 12FL 13GA 15HI 16ID 17IL 18IN 19IA 20KS "
    "21KY 22LA 23ME 24MD 25MA 26MI 27MN 28MS 29MO 30MT 31NE 32NV 33NH 34NJ 35NM 36NY 37NC "
    "38ND 39OH 40OK 41OR 42PA 44RI 45SC 46SD 47TN 48TX 49UT 50VT 51VA 53WA 54WV 55WI 56WY"
)
STATE_IDS: dict[str, str] = {code[:2]: "us-" + code[2:].lower() for code in _FIPS.split()}

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
