"""The sector switch in a real browser: plain links without JavaScript; with it, the table's query carried over,
the year control on a sector's own page, and side by side's &sector=."""

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_support import axe_rules, new_page, run_axe, shown_value
from generator.compare.derive import derive

pytestmark = pytest.mark.browser


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(page.evaluate("location.search").lstrip("?")).items()}


def values(page) -> dict:
    """Return {(jurisdiction, dimension): data-value} of every row of the compare table."""
    found = page.evaluate("""() => {
        const dims = Array.from(document.querySelectorAll('#compare-table thead tr:nth-child(2) th')).slice(1)
            .map(th => th.dataset.dimension);
        const out = [];
        for (const tr of document.querySelectorAll('#compare-table tbody tr'))
            dims.forEach((d, i) => out.push([tr.dataset.j, d, tr.cells[i + 1].dataset.value]));
        return out;
    }""")
    return {(j, d): v for j, d, v in found}


def expected(atlas, day, sector):
    comparison = derive(atlas, day)
    return {(j.id, d.id): shown_value(comparison, j.id, d.id, sector) for j in atlas.jurisdictions
            for d in atlas.dimensions}


def test_without_javascript_the_switch_is_links_to_server_rendered_pages(browser, base_url, atlas):
    page = new_page(browser, java_script_enabled=False)
    page.goto(base_url + "compare/")
    switch = page.get_by_role("navigation", name="Sector shown in the table")
    assert switch.get_by_role("link", name="All sectors").get_attribute("aria-current") == "page"
    shown = values(page)
    assert shown == expected(atlas, atlas.as_of, "all")
    assert any(len(v.split()) == 2 for v in shown.values())  # the shipped content has cells that differ by sector
    switch.get_by_role("link", name="Public sector").click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path.endswith("/compare/public/")
    assert page.locator("h1").inner_text() == "Compare: public sector"
    assert values(page) == expected(atlas, atlas.as_of, "public")
    assert page.locator("#compare-table td .contrast").count() > 0  # where the private sector differs, it says so
    page.get_by_role("navigation", name="Sector shown in the table").get_by_role("link", name="Private sector").click()
    page.wait_for_load_state("load")
    assert values(page) == expected(atlas, atlas.as_of, "private")
    # A dimension page has its own switch; its column heading links there from a sector's table.
    heading = page.locator('#compare-table thead th[data-dimension="consent"] a')
    assert urlsplit(heading.get_attribute("href")).path.endswith("/compare/consent/private/")
    heading.click()
    page.wait_for_load_state("load")
    nav = page.get_by_role("navigation", name="Sector shown on this page")
    assert nav.get_by_role("link", name="Private sector").get_attribute("aria-current") == "page"
    page.context.close()


def test_with_javascript_the_switch_keeps_filters_sort_and_date(page, base_url, atlas):
    page.goto(base_url + "compare/?region=north-america&sort=consent&year=2019")
    page.wait_for_selector("#compare-table[data-ready]", state="attached")
    page.wait_for_function("() => document.querySelector('.as-of-label').textContent === 'January 1, 2019'")
    page.get_by_role("navigation", name="Sector shown in the table").get_by_role("link", name="Private sector").click()
    page.wait_for_selector("#compare-table[data-ready]", state="attached")
    page.wait_for_function("() => document.querySelector('.as-of-label').textContent === 'January 1, 2019'")
    assert urlsplit(page.url).path.endswith("/compare/private/")
    assert query(page) == {"region": "north-america", "sort": "consent", "year": "2019"}
    assert page.locator("#f-region").input_value() == "north-america"
    then = expected(atlas, dt.date(2019, 1, 1), "private")
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('#compare-table tbody tr:not([hidden])'))
        .map(tr => tr.dataset.j)""")
    assert shown and all(atlas.jurisdiction[j].region == "north-america" for j in shown)
    assert {k: v for k, v in values(page).items()} == then


def test_a_sector_page_switches_years_and_back_to_exactly_what_the_server_wrote(page, base_url, atlas):
    page.goto(base_url + "compare/public/")
    page.wait_for_selector("#compare-table[data-ready]", state="attached")
    original = page.inner_html("#compare-table tbody")
    page.select_option("#f-year", "2019")
    page.wait_for_function("() => document.querySelector('.as-of-label').textContent === 'January 1, 2019'")
    assert values(page) == expected(atlas, dt.date(2019, 1, 1), "public")
    page.select_option("#f-year", page.locator("#f-year option").first.get_attribute("value"))
    page.wait_for_function("() => document.querySelector('.as-of-label').textContent === '%s'" % atlas.as_of.isoformat())
    assert page.inner_html("#compare-table tbody") == original


def test_filter_for_cells_not_yet_researched(page, base_url, atlas):
    page.goto(base_url + "compare/?cell=consent.-")
    page.wait_for_selector("#compare-table[data-ready]", state="attached")
    comparison = derive(atlas, atlas.as_of)
    missing = [j.id for j in atlas.jurisdictions if "-" in shown_value(comparison, j.id, "consent").split()]
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('#compare-table tbody tr:not([hidden])'))
        .map(tr => tr.dataset.j)""")
    assert missing and shown == missing


def test_side_by_side_shows_one_sector_on_request(page, base_url, atlas):
    page.goto(base_url + "compare/side-by-side/?j=us-il,us-ca")
    page.wait_for_selector("body[data-ready]", state="attached")
    cells = page.locator("#sbs-table td")
    assert page.locator('#sbs-table td [data-sector="public"]').count() > 0  # all sectors: both parts
    page.select_option("#sbs-sector", "private")
    assert query(page) == {"j": "us-il,us-ca", "sector": "private"}
    assert page.locator('#sbs-table td [data-sector="public"]').count() == 0
    assert cells.count() > 0 and "(private sector)" in page.locator("#sbs-table caption").inner_text()
    comparison = derive(atlas, atlas.as_of)
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('#sbs-table tbody tr[data-dimension]'))
        .map(tr => [tr.dataset.dimension, Array.from(tr.querySelectorAll('td')).map(td => td.dataset.value)])""")
    for dimension, shown in rows:
        assert shown == [shown_value(comparison, j, dimension, "private") for j in ("us-il", "us-ca")]
    # The address restores it.
    page.goto(base_url + "compare/side-by-side/?j=us-il,us-ca&sector=public")
    page.wait_for_selector("body[data-ready]", state="attached")
    assert page.locator("#sbs-sector").input_value() == "public"
    assert page.locator('#sbs-table td [data-sector="private"]').count() == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_the_new_views(browser, base_url, scheme):
    page = new_page(browser, color_scheme=scheme)
    found = {}
    for path in ("compare/private/?year=2019&sort=consent", "compare/side-by-side/?j=us-il,us-ca,eu&sector=public"):
        page.goto(base_url + path)
        page.wait_for_selector("[data-ready]", state="attached")
        page.wait_for_timeout(100)
        found[path] = run_axe(page, axe_rules(scheme))
    page.context.close()
    found = {k: v for k, v in found.items() if v}
    assert found == {}, json.dumps(found, indent=1)
