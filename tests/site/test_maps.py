"""Choropleth maps: geometry per feature, colours and patterns, escaping, determinism, projection."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from generator.site import maps
from generator.site.maps import Area, equal_earth, us_states_map, world_map

NS = {"s": "http://www.w3.org/2000/svg"}
LEGEND = [
    ("explicit", "Explicit or written", "v-explicit"),
    ("basis", "Consent or other basis", "v-basis"),
    ("notice_only", "Notice only", "v-notice"),
    ("none", "No duty", "v-none"),
    ("unknown", "Unknown", "v-unknown"),
]
LABELS = {v: (label, css) for v, label, css in LEGEND}


def area(key: str, value: str, name: str = "") -> Area:
    label, css = LABELS[value]
    return Area(key=key, name=name, href=f"/jurisdictions/{key}/", value_id=value, label=label, css=css)


WORLD = {
    "250": area("fr", "explicit", "France"),
    "840": area("us", "basis", "United States"),
    "156": area("cn", "notice_only", "China"),
    "702": area("sg", "none", "Singapore"),
    "643": area("ru", "unknown", "Russia"),
}


def parse(svg: str) -> ET.Element:
    """Parse the SVG as XML, which also proves it is well-formed."""
    return ET.fromstring(svg)


def shapes_by_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [p for p in root.iter(f"{{{NS['s']}}}path") if p.get("class", "").split()[:1] == [cls]]


def links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{{{NS['s']}}}a"))


def world_feature_count() -> int:
    return len(maps.load_topology(maps.WORLD_FILE)["objects"]["countries"]["geometries"])


def test_world_map_has_one_shape_per_feature_and_one_link_per_area():
    root = parse(world_map(WORLD, "Consent", LEGEND))
    countries = shapes_by_class(root, "country")
    assert len(countries) == world_feature_count() > 200
    assert all(p.get("d") for p in countries)
    assert len(links(root)) == len(WORLD)
    assert sorted(a.get("href") for a in links(root)) == sorted(a.href for a in WORLD.values())
    assert len([p for p in countries if "no-data" in p.get("class", "").split()]) == len(countries) - len(WORLD)


def test_colour_class_and_pattern_follow_the_value():
    root = parse(world_map(WORLD, "Consent", LEGEND))
    by_key = {a.get("data-key"): a for a in links(root)}
    expected = {"fr": ("v-explicit", "solid"), "us": ("v-basis", "lines"), "cn": ("v-notice", "dots"),
                "sg": ("v-none", "cross"), "ru": ("v-unknown", "plain")}
    for key, (css, pattern) in expected.items():
        link = by_key[key]
        shape = shapes_by_class(link, "country")[0]
        assert shape.get("class").split() == ["country", css, f"pattern-{pattern}"]
        overlays = [p for p in link.iter(f"{{{NS['s']}}}path") if p.get("class") == "pattern-overlay"]
        if pattern in ("solid", "plain"):
            assert overlays == []
        else:
            assert [o.get("fill") for o in overlays] == [f"url(#world-p-{pattern})"]
            assert overlays[0].get("d") == shape.get("d") and overlays[0].get("pointer-events") == "none"
            assert root.find(f".//s:pattern[@id='world-p-{pattern}']", NS) is not None
    title = by_key["fr"].find("s:title", NS)
    assert title is not None and title.text == "France: Explicit or written"
    assert by_key["fr"].get("aria-label") == "France: Explicit or written"


def test_legend_has_a_swatch_and_label_per_value_and_no_data():
    root = parse(world_map(WORLD, "Consent", LEGEND))
    legend = root.find(".//s:g[@class='legend']", NS)
    assert legend is not None
    assert [t.text for t in legend.iter(f"{{{NS['s']}}}text")] == [label for _, label, _ in LEGEND] + ["Not in the atlas"]
    swatches = [r.get("class") for r in legend.iter(f"{{{NS['s']}}}rect") if "legend-swatch" in r.get("class", "")]
    assert swatches[:3] == ["legend-swatch v-explicit pattern-solid", "legend-swatch v-basis pattern-lines",
                            "legend-swatch v-notice pattern-dots"]


def test_unknown_codes_are_ignored():
    extra = {**WORLD, "999": area("nowhere", "basis"), "abc": area("x", "explicit"), "": area("y", "basis")}
    root = parse(world_map(extra, "Consent", LEGEND))
    assert len(links(root)) == len(WORLD)
    assert "nowhere" not in world_map(extra, "Consent", LEGEND)
    assert len(shapes_by_class(root, "country")) == world_feature_count()


def test_text_is_escaped():
    evil = "<script>alert(1)</script> & \"quotes\""
    areas = {"250": Area("fr", evil, '/x/?a=1&b="2"', "explicit", evil, "v-explicit")}
    svg = world_map(areas, evil, [("explicit", evil, "v-explicit")], desc=evil)
    assert "<script" not in svg
    root = parse(svg)
    assert root.find("s:title", NS).text == evil
    assert root.find("s:desc", NS).text == evil
    (link,) = links(root)
    assert link.get("href") == '/x/?a=1&b="2"'
    assert link.find("s:title", NS).text == f"{evil}: {evil}"


def test_output_is_csp_safe_and_ids_are_unique():
    svg = world_map(WORLD, "Consent", LEGEND) + us_states_map({"us-il": area("us-il", "explicit")}, "US", LEGEND)
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg
    ids = re.findall(r'\sid="([^"]+)"', svg)
    assert len(ids) == len(set(ids))
    root = parse(f"<div>{svg}</div>")
    assert [m.get("role") for m in root.findall("s:svg", NS)] == ["group", "group"]


def test_output_is_deterministic():
    first = world_map(WORLD, "Consent", LEGEND)
    reordered = dict(reversed(list(WORLD.items())))
    maps.world_shapes.cache_clear()
    assert world_map(reordered, "Consent", LEGEND) == first
    assert world_map(WORLD, "Consent", LEGEND) == first


def test_geometry_is_cached():
    assert maps.world_shapes() is maps.world_shapes()
    assert maps.us_shapes() is maps.us_shapes()


@pytest.mark.parametrize("iso", ["702", "250", "156", "840", "643", "242"])
def test_countries_present(iso):
    shapes = {s.key: s for s in maps.world_shapes()[0]}
    assert iso in shapes and shapes[iso].d.startswith("M")


def test_tiny_country_with_data_gets_a_visible_marker():
    root = parse(world_map(WORLD, "Consent", LEGEND))
    sg = next(a for a in links(root) if a.get("data-key") == "sg")
    d = shapes_by_class(sg, "country")[0].get("d")
    assert "a3.5 3.5" in d  # a circle of radius 3.5 map units
    assert maps.world_shapes()[1] == 1000


def subpaths(d: str) -> list[list[tuple[float, float]]]:
    """Absolute points of each ring in path data written by ring_d (M x y l dx dy ... z)."""
    rings = []
    for part in re.findall(r"M([^Mz]*)z", d):
        start, _, rest = part.partition("l")
        x, y = (float(n) for n in re.findall(r"-?\d*\.?\d+", start))
        points = [(x, y)]
        steps = [float(n) for n in re.findall(r"-?\d*\.?\d+", rest)]
        for dx, dy in zip(steps[::2], steps[1::2]):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(points)
    return rings


@pytest.mark.parametrize("iso", ["643", "242", "840"])
def test_no_antimeridian_streaks(iso):
    shape = next(s for s in maps.world_shapes()[0] if s.key == iso)
    for ring in subpaths(shape.d):
        xs = [x for x, _ in ring]
        assert max(xs) - min(xs) < 500, "a ring spans half the map: it crossed the antimeridian"
        assert all(0 <= x <= 1000 for x in xs)


def test_equal_earth_is_equal_area():
    step = 0.01
    ratios = []
    for lat in (0, 15, 30, 45, 60, 75, 85):
        for lon in (-170, 0, 120):
            corners = [equal_earth(lon, lat), equal_earth(lon + step, lat),
                       equal_earth(lon + step, lat + step), equal_earth(lon, lat + step)]
            projected = abs(maps.signed_area(corners))
            sphere = math.radians(step) * (math.sin(math.radians(lat + step)) - math.sin(math.radians(lat)))
            ratios.append(projected / sphere)
    assert max(ratios) / min(ratios) < 1.01
    assert all(abs(r - 1) < 0.01 for r in ratios)  # on the unit sphere the scale is exactly 1


def test_equal_earth_known_values():
    assert equal_earth(0, 0) == (0, 0)
    x, _ = equal_earth(180, 0)
    assert x == pytest.approx(math.pi / (maps.M * maps.A1))
    _, y = equal_earth(0, 90)
    assert y == pytest.approx(1.3173, abs=1e-4)


def test_us_states_map_has_50_states_and_dc():
    shapes = maps.us_shapes()[0]
    assert len(shapes) == 51
    assert {s.key for s in shapes} == set(maps.STATE_IDS.values())
    assert {"us-il", "us-dc", "us-ak", "us-hi"} <= {s.key for s in shapes}
    areas = {"us-il": area("us-il", "explicit", "Illinois"), "us-ca": area("us-ca", "basis"), "ca-qc": area("q", "basis")}
    root = parse(us_states_map(areas, "US states", LEGEND))
    assert len(shapes_by_class(root, "state")) == 51
    assert sorted(a.get("data-key") for a in links(root)) == ["us-ca", "us-il"]
    ca = next(a for a in links(root) if a.get("data-key") == "us-ca")
    assert ca.find("s:title", NS).text == "California: Consent or other basis"


def test_maps_without_legend_or_data():
    root = parse(world_map({}, "Empty", []))
    assert root.find(".//s:g[@class='legend']", NS) is None
    assert links(root) == []
    assert len(shapes_by_class(root, "country")) == world_feature_count()


def test_grey_areas_are_made_once_but_follow_the_atlas_the_language_and_the_words():
    """The places not in the atlas are drawn once per map and kept (maps._no_data): what is kept must not leak
    into a map with other places in the atlas, other names or another 'not in the atlas'."""
    def grey(svg: str) -> dict[str, str]:
        return {p.find(f"{{{NS['s']}}}title").text: p.get("d") for p in parse(svg).iter(f"{{{NS['s']}}}path")
                if "no-data" in p.get("class", "").split()}

    first = grey(world_map(WORLD, "Consent", LEGEND))
    assert grey(world_map(WORLD, "Consent", LEGEND)) == first
    assert "France: Not in the atlas" not in first and "Germany: Not in the atlas" in first
    fewer = grey(world_map({"250": WORLD["250"]}, "Consent", LEGEND))
    assert "United States of America: Not in the atlas" in fewer and len(fewer) == len(first) + 4
    german = grey(world_map(WORLD, "Consent", LEGEND, no_data="Nicht im Atlas", names={"276": "Deutschland"}))
    assert "Deutschland: Nicht im Atlas" in german and "Germany: Not in the atlas" not in german
    assert grey(world_map(WORLD, "Consent", LEGEND)) == first


def test_with_a_shapes_file_each_shape_is_drawn_from_it_and_markers_in_place():
    """A page's maps <use> the shapes file (maps.sprite) instead of writing out each path; a standalone map does not."""
    data, version = maps.sprite("world")
    shapes = parse(data.decode("utf-8"))
    ids = {p.get("id") for p in shapes.iter(f"{{{NS['s']}}}path")}
    assert len(ids) == world_feature_count() and all(p.get("d") for p in shapes.iter(f"{{{NS['s']}}}path"))
    assert maps.sprite("world") == (data, version) and len(version) == 10 and maps.sprite("us")[1] != version
    href = f"/static/map-world.svg?v={version}"
    drawn = world_map(WORLD, "Consent", LEGEND, sprite=href)
    root = parse(drawn)
    uses = list(root.iter(f"{{{NS['s']}}}use"))
    assert len(uses) >= world_feature_count()  # every shape, and the pattern overlays again
    for use in uses:
        address, _, fragment = use.get("href").partition("#")
        assert address == href and fragment in ids
    france = next(a for a in links(root) if a.get("data-key") == "fr")
    shape = france.find(f"{{{NS['s']}}}use")
    assert shape.get("href").endswith("#a-250") and "v-explicit" in shape.get("class").split()
    singapore = next(a for a in links(root) if a.get("data-key") == "sg")  # too small to see: a marker, in place
    assert singapore.find(f"{{{NS['s']}}}path").get("d").startswith("M") and singapore.find(f"{{{NS['s']}}}use") is None
    assert len(drawn) < len(world_map(WORLD, "Consent", LEGEND)) / 2
    assert "<use" not in world_map(WORLD, "Consent", LEGEND)  # no shapes file: every path written out


def test_a_maps_description_counts_the_places_of_each_value_in_the_legends_order():
    from types import SimpleNamespace
    from generator.site.mapviews import MapViews
    describer = SimpleNamespace(_t=lambda text: text, views=SimpleNamespace(marks=SimpleNamespace(semicolon="; ")))
    areas = {k: Area(k, "", "#", value, value, "") for k, value in
             (("a", "ban"), ("b", "consent"), ("c", "ban"), ("d", "_not_researched"), ("e", "other"))}
    legend = [("consent", "Consent", ""), ("none", "None", ""), ("ban", "Ban", ""), ("_not_researched", "Not yet", "")]
    assert MapViews._describe(describer, areas, legend) == (
        "5 places coloured by value (Consent: 1; Ban: 2; Not yet: 1). Other areas are not in the atlas.")
