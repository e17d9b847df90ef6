"""The shipped site: build the real content/ and read it as a browser would."""

import datetime as dt
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import lxml.html
import pytest
from bs4 import BeautifulSoup

from generator.build import check
REPO = Path(__file__).resolve().parents[2]

CONTENT = REPO / "content"


@pytest.fixture(scope="module")
def site(shipped_site) -> Path:
    return shipped_site


@pytest.fixture(scope="module")
def atlas():
    return check(CONTENT, dt.date(2026, 11, 27))


def html_pages(site: Path):
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def trees(site) -> dict:
    """Every HTML page of the site, parsed once for the tests that read them all: by lxml, 1 s for the
    770 pages where BeautifulSoup took 23 s (both found the same ids, links, titles and shapes)."""
    parser = lxml.html.HTMLParser(encoding="utf-8")
    return {page: lxml.html.document_fromstring(page.read_bytes(), parser=parser) for page in html_pages(site)}


def test_every_record_has_its_page(site, atlas):
    for j in atlas.jurisdictions:
        assert (site / "jurisdictions" / j.id / "index.html").is_file()
    for p in atlas.policies:
        assert (site / "policies" / p.id / "index.html").is_file()
    for b in atlas.briefs:
        assert (site / "briefs" / b.slug / "index.html").is_file()
    for d in atlas.dimensions:
        assert (site / "compare" / d.id / "index.html").is_file()


def test_every_internal_link_resolves(site, trees):
    base = urlsplit(check(CONTENT).site.base_url).path
    broken = []
    ids_of = {page: set(tree.xpath("//@id")) for page, tree in trees.items()}
    for page, tree in trees.items():
        ids = ids_of[page]
        for link in tree.xpath("//a/@href | //link/@href"):
            href, fragment = urldefrag(link)
            href = href.split("?", 1)[0] if not href.startswith(("http://", "https://", "mailto:")) else href
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            if not href:  # same-page anchor
                if fragment and fragment not in ids:
                    broken.append((page, link))
                continue
            assert href.startswith(base), (page, href)
            target = site / href[len(base):]
            if href.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append((page.relative_to(site), link))
            elif fragment and target.suffix == ".html":
                if fragment not in ids_of[target]:
                    broken.append((page.relative_to(site), link))
    assert broken == []


def test_compare_table_has_one_row_per_jurisdiction(site, atlas):
    soup = BeautifulSoup((site / "compare/index.html").read_text(), "html.parser")
    table = soup.find("table", class_="compare")
    assert table.caption and table.caption.get_text(strip=True)
    rows = table.tbody.find_all("tr")
    assert len(rows) == len(atlas.jurisdictions)
    for row in rows:
        assert row.th["scope"] == "row"
        assert len(row.find_all("td")) == len(atlas.dimensions)


@pytest.mark.parametrize("page", ["compare/index.html", "compare/public/index.html", "compare/private/index.html"])
def test_every_researched_cell_links_to_policy_and_source(site, page):
    """A cell (or each sector's part of one) links to its provision and source, or says no record covers it."""
    soup = BeautifulSoup((site / page).read_text(), "html.parser")
    split = 0
    for td in soup.find("table", class_="compare").tbody.find_all("td"):
        parts = td.find_all(class_="part", recursive=False) or [td]
        split += len(parts) == 2
        assert len(parts) == len(td["data-value"].split()), td
        for part, value in zip(parts, td["data-value"].split()):
            badge = part.find(class_="badge")
            assert badge and badge.get_text(strip=True)
            if value == "-":
                assert badge.name == "span" and "not-researched" in badge["class"] and not part.find("a", class_="src")
                continue
            assert badge.name == "a" and "/policies/" in badge["href"] and "#provision-" in badge["href"]
            source = part.find("a", class_="src")
            assert source and source["href"].startswith(("http://", "https://"))
            source.span.extract()  # "Source for <jurisdiction>, <dimension>: ", for screen readers
            assert source.get_text(strip=True) in ("official", "secondary", "news", "company", "NGO", "academic")
    assert (split > 0) == (page == "compare/index.html")


def test_pages_are_well_formed(trees):
    for page, tree in trees.items():
        assert tree.tag == "html" and tree.get("lang"), page
        assert (tree.findtext("head/title") or "").strip(), page
        assert len(tree.xpath("//h1")) == 1, page
        assert tree.xpath('//meta[@http-equiv="Content-Security-Policy"]'), page


def test_every_map_shape_a_page_uses_is_in_the_shapes_file_it_names(site, trees):
    """The pages' maps draw shapes from static/map-world.svg and map-us.svg (<use href="...?v=...#a-250">): each
    reference names a file of the site, at its current version, and a shape in it."""
    from generator.site import maps
    base = urlsplit(check(CONTENT).site.base_url).path
    shapes = {}
    used = 0
    for page in [site / "index.html", *sorted((site / "compare").glob("*/index.html")),
                 *sorted((site / "zh/compare").glob("*/index.html"))]:
        for href in trees[page].xpath("//use/@href"):
            address, fragment = href.split("#")
            path, version = address.split("?v=")
            assert path.startswith(base + "static/map-"), (page, address)
            kind = path.removeprefix(base + "static/map-").removesuffix(".svg")
            if kind not in shapes:
                data = (site / path[len(base):]).read_bytes()
                assert data == maps.sprite(kind)[0]
                shapes[kind] = {tag["id"] for tag in BeautifulSoup(data, "html.parser").find_all(id=True)}
            assert version == maps.sprite(kind)[1] and fragment in shapes[kind], (page, href)
            used += 1
    assert set(shapes) == {"world", "us"} and used > 10_000


def test_maps_show_every_country_and_state_in_its_cell_colour(site, atlas):
    """Home and every dimension page draw the map: one link per jurisdiction with a shape, coloured by its cell."""
    from generator.compare.derive import derive
    from generator.site.views import value_class
    comparison = derive(atlas)
    countries = {j.id for j in atlas.jurisdictions if j.iso_numeric}
    states = {j.id for j in atlas.jurisdictions if j.kind == "state" and j.parent == "us"}
    featured = atlas.site.featured_dimension
    pages = [("index.html", featured)] + [(f"compare/{d.id}/index.html", d.id) for d in atlas.dimensions]
    for page, dimension in pages:
        soup = BeautifulSoup((site / page).read_text(), "html.parser")
        svgs = soup.select("figure.map svg")
        assert [svg["class"][1] for svg in svgs] == ["map-world", "map-europe", "map-us"], page
        from generator.site.mapfiles import europe_keys
        in_europe = {j.id for j in atlas.jurisdictions if j.iso_numeric in europe_keys()}
        assert {"fr", "mt", "lu"} <= in_europe  # the enlarged map holds Europe's small states too
        for svg, expected in zip(svgs, (countries, in_europe, states)):
            assert svg.title and svg.title.get_text(strip=True)
            links = {a["data-key"]: a for a in svg.find_all("a")}
            if "map-europe" in svg["class"]:  # Europe and, at its edges, its neighbours
                assert expected <= set(links) <= countries, page
            else:
                assert set(links) == expected, page
            for key, link in links.items():
                cells = comparison.sectors(key, dimension)
                values = {(c.value, c.status) for c in cells}
                if len(values) > 1:
                    css = "sector-differs"
                elif cells[0].status == "not_researched":
                    css = "not-researched"
                else:
                    css = value_class(dimension, cells[0].value)
                assert css in link.find(["path", "use"])["class"], (page, key)
                assert link["href"].endswith(f"/jurisdictions/{key}/")
