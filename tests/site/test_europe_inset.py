"""Europe enlarged: small states and the Balkans drawn big enough to see and click, the smallest as dots."""

import re
import xml.etree.ElementTree as ET

from generator.site import mapfiles, maps

SVG = "{http://www.w3.org/2000/svg}"
LEGEND = [("yes", "Yes", "v-x-yes"), ("no", "No", "v-x-no"), ("unknown", "Unknown", "v-x-unknown")]
PLACES = {"470": "mt", "442": "lu", "492": "mc", "438": "li", "499": "me", "807": "mk", "250": "fr", "840": "us"}


def areas():
    return {iso: maps.Area(key, "", f"/jurisdictions/{key}/", "yes", "Yes", "v-x-yes") for iso, key in PLACES.items()}


def test_the_inset_shows_europe_enlarged_without_a_legend():
    root = ET.fromstring(mapfiles.europe_map(areas(), "Europe, enlarged", LEGEND))
    assert root.get("viewBox") == " ".join(f"{v:g}" for v in mapfiles.EUROPE_BOX)
    assert root.find(f".//{SVG}g[@class='legend']") is None
    linked = {a.get("data-key") for a in root.iter(f"{SVG}a")}
    assert linked == {"mt", "lu", "mc", "li", "me", "mk", "fr"}  # the United States lie outside it


def test_the_smallest_states_are_dots_and_small_ones_their_own_shape():
    root = ET.fromstring(mapfiles.europe_map(areas(), "Europe, enlarged", LEGEND))
    shape = {a.get("data-key"): a.find(f"{SVG}path").get("d") for a in root.iter(f"{SVG}a")}
    is_dot = lambda d: len(re.findall(r"a", d)) == 2 and d.endswith("z") and len(d) < 60  # noqa: E731
    assert is_dot(shape["mt"]) and is_dot(shape["mc"]) and is_dot(shape["li"])
    assert not is_dot(shape["lu"]) and not is_dot(shape["me"]) and not is_dot(shape["mk"])
    world = ET.fromstring(maps.world_map(areas(), "World", LEGEND))
    on_world = {a.get("data-key"): a.find(f"{SVG}path").get("d") for a in world.iter(f"{SVG}a")}
    assert is_dot(on_world["lu"])  # too small on the world map: only the inset shows its shape


def test_the_inset_is_drawn_only_for_atlases_with_a_country_in_it():
    assert "250" in mapfiles.europe_keys() and "470" in mapfiles.europe_keys()
    assert "840" not in mapfiles.europe_keys() and "156" not in mapfiles.europe_keys()
