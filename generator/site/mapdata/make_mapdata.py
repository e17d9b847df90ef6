"""Make the compact TopoJSON files in this folder from the npm packages world-atlas and us-atlas.

Not shipped or run by the build; run it by hand to regenerate the data:

    cd /tmp && npm pack world-atlas@2.0.2 us-atlas@3.0.1
    mkdir wa ua && tar xzf world-atlas-2.0.2.tgz -C wa && tar xzf us-atlas-3.0.1.tgz -C ua
    python3 generator/mapdata/make_mapdata.py /tmp/wa/package /tmp/ua/package

What it does, with the standard library only:
- world: reads countries-50m.json (Natural Earth 1:50m Admin 0, so small states such as
  Singapore, Malta and Bahrain are present), drops Antarctica, merges features that share an
  ISO code (Australia and Ashmore and Cartier Is. are both "036"), simplifies every arc with
  Douglas-Peucker in Equal Earth coordinates (so tolerance is in map units, and shared borders
  stay shared because arcs are simplified once), drops islands and holes below a minimum
  projected area (never a country's largest polygon), and re-quantises with delta encoding;
- US: the same for states-albers-10m.json (already projected with Albers USA, Alaska and
  Hawaii moved), keeping only the "states" object.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from generator.site.maps import Point, decode_arcs, equal_earth, signed_area  # noqa: E402

WORLD_UNITS = 992 / (2 * 2.70663)  # map units per Equal Earth unit at a 1000-wide viewBox


def douglas_peucker(points: list[Point], tol: float) -> list[int]:
    """Indexes of the points kept by Douglas-Peucker (first and last always kept)."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            dist = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else math.hypot(px - ax, py - ay)
            if dist > best:
                best, idx = dist, i
        if best > tol:
            keep.add(idx)
            stack += [(a, idx), (idx, b)]
    return sorted(keep)


def simplify(arc: list[Point], projected: list[Point], tol: float) -> list[Point]:
    """Simplify one arc; a closed arc (a whole island) keeps at least four points."""
    idx = douglas_peucker(projected, tol)
    if projected[0] == projected[-1] and len(idx) < 4 and len(arc) >= 4:
        n = len(arc) - 1
        idx = sorted({0, n // 3, 2 * n // 3, n})
    return [arc[i] for i in idx]


def ring(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    """Join a ring's arcs."""
    out: list[Point] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(arc[1:] if out else arc)
    return out


def polygons_of(geom: dict[str, Any]) -> list[list[list[int]]]:
    """A geometry's polygons as lists of rings of arc indexes."""
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    return []


def compact(
    topo: dict[str, Any], obj: str, project: Callable[[float, float], Point], tol: float, min_area: float,
    keep: Callable[[dict[str, Any]], bool], digits: int, meta: dict[str, str],
) -> dict[str, Any]:
    """Simplify, prune and re-quantise one object of a topology."""
    arcs = decode_arcs(topo)
    for n, arc in enumerate(arcs):
        for (x0, _), (x1, _) in zip(arc, arc[1:]):
            if abs(x1 - x0) > 180:
                print(f"note: arc {n} crosses the antimeridian (maps.py cuts it when drawing)")
    proj = [[project(x, y) for x, y in arc] for arc in arcs]
    simple = [simplify(a, p, tol) for a, p in zip(arcs, proj)]
    sproj = [[project(x, y) for x, y in arc] for arc in simple]

    merged: dict[str, dict[str, Any]] = {}
    for geom in topo["objects"][obj]["geometries"]:
        if not keep(geom):
            continue
        key = str(geom.get("id") if geom.get("id") is not None else "x-" + geom["properties"]["name"])
        entry = merged.setdefault(key, {"geom": geom, "polys": []})
        entry["polys"] += polygons_of(geom)

    used: dict[int, int] = {}
    out_geoms = []
    for key in sorted(merged):
        geom, polys = merged[key]["geom"], merged[key]["polys"]
        areas = [abs(signed_area(ring(sproj, p[0]))) for p in polys]
        largest = max(range(len(polys)), key=lambda i: areas[i])
        kept = []
        for i, poly in enumerate(polys):
            if i != largest and areas[i] < min_area:
                continue
            holes = [h for h in poly[1:] if abs(signed_area(ring(sproj, h))) >= min_area]
            kept.append([poly[0], *holes])
        renum = [[[_use(used, a) for a in r] for r in p] for p in kept]
        g: dict[str, Any] = {"type": "Polygon", "arcs": renum[0]} if len(renum) == 1 else {
            "type": "MultiPolygon", "arcs": renum}
        if geom.get("id") is not None:
            g["id"] = geom["id"]
        g["properties"] = {"name": geom["properties"]["name"]}
        out_geoms.append(g)

    order = sorted(used, key=lambda i: used[i])
    pts = [p for i in order for p in simple[i]]
    x0, y0 = min(p[0] for p in pts), min(p[1] for p in pts)
    x1, y1 = max(p[0] for p in pts), max(p[1] for p in pts)
    q = 10**digits - 1
    kx, ky = (x1 - x0) / q, (y1 - y0) / q
    out_arcs = []
    for i in order:
        qa = [(round((x - x0) / kx), round((y - y0) / ky)) for x, y in simple[i]]
        dedup = [qa[0]] + [b for a, b in zip(qa, qa[1:]) if a != b]
        if len(dedup) == 1:
            dedup.append(dedup[0])
        out_arcs.append([list(dedup[0])] + [[b[0] - a[0], b[1] - a[1]] for a, b in zip(dedup, dedup[1:])])
    return {
        "type": "Topology",
        **meta,
        "bbox": [x0, y0, x1, y1],
        "transform": {"scale": [kx, ky], "translate": [x0, y0]},
        "objects": {obj: {"type": "GeometryCollection", "geometries": out_geoms}},
        "arcs": out_arcs,
    }


def _use(used: dict[int, int], a: int) -> int:
    """Renumber arc a (or ~a) into the compact arc list."""
    i = a if a >= 0 else ~a
    n = used.setdefault(i, len(used))
    return n if a >= 0 else ~n


def write(path: Path, topo: dict[str, Any]) -> None:
    """Write compact, deterministic JSON."""
    path.write_text(json.dumps(topo, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{path.name}: {path.stat().st_size} bytes, {len(topo['arcs'])} arcs, "
          f"{sum(len(a) for a in topo['arcs'])} points")


def main(world_pkg: str, us_pkg: str) -> None:
    """Regenerate both files."""
    world = json.loads((Path(world_pkg) / "countries-50m.json").read_text(encoding="utf-8"))
    ee = lambda x, y: (equal_earth(x, y)[0] * WORLD_UNITS, equal_earth(x, y)[1] * WORLD_UNITS)  # noqa: E731
    write(HERE / "world-50m.topo.json", compact(
        world, "countries", ee, tol=0.5, min_area=1.0, keep=lambda g: g.get("id") != "010", digits=5,
        meta={"source": "world-atlas 2.0.2 countries-50m.json (Natural Earth 4.1.0, 1:50m), simplified"}))
    us = json.loads((Path(us_pkg) / "states-albers-10m.json").read_text(encoding="utf-8"))
    write(HERE / "us-states-albers.topo.json", compact(
        us, "states", lambda x, y: (x, y), tol=0.5, min_area=1.0, keep=lambda g: True, digits=4,
        meta={"source": "us-atlas 3.0.1 states-albers-10m.json (Census cartographic boundaries), simplified"}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
