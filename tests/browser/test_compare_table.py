"""The compare table in a real browser: sort, filters, the "as of" year and the shared URL, with and without JS."""

import datetime as dt
import re
from urllib.parse import parse_qs

import pytest

from browser_support import new_page, shown_rank, shown_value, sorts_last
from generator.compare.derive import derive

pytestmark = pytest.mark.browser


def query(page) -> dict:
    # Read the address in the page: page.url learns of history.replaceState only later.
    return {k: v[0] for k, v in parse_qs(page.evaluate("location.search").lstrip("?")).items()}


def visible_rows(page):
    return page.locator("#compare-table tbody tr:not([hidden])")


def column_values(page, dimension: str) -> list[tuple[str, str]]:
    """Return (jurisdiction id, value id) of the visible rows, top to bottom, in one dimension's column."""
    return page.evaluate("""(dimension) => {
        const heads = Array.from(document.querySelectorAll('#compare-table thead tr:nth-child(2) th'));
        const column = heads.findIndex(th => th.dataset.dimension === dimension);
        return Array.from(document.querySelectorAll('#compare-table tbody tr:not([hidden])'))
            .map(tr => [tr.dataset.j, tr.cells[column].dataset.value]);
    }""", dimension)


def table_state(page) -> dict:
    """Return {(jurisdiction, dimension): value} of every row, visible or not."""
    cells = page.evaluate("""() => {
        const dims = Array.from(document.querySelectorAll('#compare-table thead tr:nth-child(2) th')).slice(1)
            .map(th => th.dataset.dimension);
        const out = [];
        for (const tr of document.querySelectorAll('#compare-table tbody tr'))
            dims.forEach((d, i) => out.push([tr.dataset.j, d, tr.cells[i + 1].dataset.value,
                                             tr.cells[i + 1].innerText.trim()]));
        return out;
    }""")
    return {(j, d): (value, text) for j, d, value, text in cells}


def open_compare(page, base_url, query_string=""):
    page.goto(base_url + "compare/" + query_string)
    page.wait_for_selector("#compare-table[data-ready]", state="attached")


def assert_sorted(dimension, values, reverse):
    """Cells with a value in some sector come first, by rank (reversed or not); unknown, then not researched, last."""
    known = [shown_rank(dimension, v) for v in values if not sorts_last(v)]
    rest = [shown_rank(dimension, v) for v in values if sorts_last(v)]
    assert values[:len(known)] == [v for v in values if not sorts_last(v)]
    assert known == sorted(known, reverse=reverse) and len(set(known)) > 1 and rest == sorted(rest)


def test_without_javascript_the_table_is_complete(browser, base_url, atlas):
    page = new_page(browser, java_script_enabled=False)
    page.goto(base_url + "compare/")
    rows = page.locator("#compare-table tbody tr")
    assert rows.count() == len(atlas.jurisdictions)
    assert visible_rows(page).count() == len(atlas.jurisdictions)
    for i in range(rows.count()):
        assert rows.nth(i).locator("td").count() == len(atlas.dimensions)
        assert rows.nth(i).is_visible()
    assert not page.locator("#compare-controls").is_visible()  # controls that need JS are not offered
    page.context.close()


def test_controls_are_labelled_and_count_is_shown(page, base_url, atlas):
    open_compare(page, base_url)
    for name in ("f-q", "f-region", "f-kind", "f-cell", "f-sort", "f-dir", "f-year"):
        assert page.locator(f'label[for="{name}"]').is_visible()
        assert page.locator(f"#{name}").is_visible()
    assert page.locator("#row-count").inner_text() == f"Showing {len(atlas.jurisdictions)} of {len(atlas.jurisdictions)} jurisdictions"


def test_sort_by_a_column_follows_the_value_order(page, base_url, atlas):
    open_compare(page, base_url)
    dimension = atlas.dimension["consent"]
    page.get_by_role("button", name="Sort by Consent").click()
    assert query(page) == {"sort": "consent"}
    assert_sorted(dimension, [v for _, v in column_values(page, "consent")], reverse=False)
    assert page.locator('th[data-dimension="consent"]').get_attribute("aria-sort") == "ascending"
    page.get_by_role("button", name="Sort by Consent").click()  # again: reversed, unknown still last
    assert query(page) == {"sort": "consent", "dir": "desc"}
    assert_sorted(dimension, [v for _, v in column_values(page, "consent")], reverse=True)
    assert page.locator('th[data-dimension="consent"]').get_attribute("aria-sort") == "descending"
    # Sorting by name puts the table back in its original (alphabetical) order.
    page.select_option("#f-sort", "")
    page.select_option("#f-dir", "")
    assert [j for j, _ in column_values(page, "consent")] == [j.id for j in atlas.jurisdictions]
    assert query(page) == {}


def test_filters_by_region_kind_value_and_name(page, base_url, atlas):
    open_compare(page, base_url)
    total = len(atlas.jurisdictions)
    page.select_option("#f-region", "europe")
    europe = [j.id for j in atlas.jurisdictions if j.region == "europe"]
    assert [j for j, _ in column_values(page, "consent")] == europe
    assert page.locator("#row-count").inner_text() == f"Showing {len(europe)} of {total} jurisdictions"
    page.select_option("#f-kind", "country")
    countries = [j.id for j in atlas.jurisdictions if j.region == "europe" and j.kind == "country"]
    assert [j for j, _ in column_values(page, "consent")] == countries
    assert query(page) == {"region": "europe", "kind": "country"}

    page.select_option("#f-region", "")
    page.select_option("#f-kind", "")
    comparison = derive(atlas, atlas.as_of)
    page.select_option("#f-cell", "consent.explicit")
    explicit = [j.id for j in atlas.jurisdictions if "explicit" in shown_value(comparison, j.id, "consent").split()]
    assert explicit and [j for j, _ in column_values(page, "consent")] == explicit
    page.select_option("#f-cell", "")

    page.fill("#f-q", "ill")
    assert [j for j, _ in column_values(page, "consent")] == ["us-il"]
    page.fill("#f-q", "quebec")  # accents do not matter: Québec
    names = [j for j, _ in column_values(page, "consent")]
    assert names == [j.id for j in atlas.jurisdictions if "quebec" in j.name.lower().replace("é", "e")]
    page.fill("#f-q", "no such place")
    assert visible_rows(page).count() == 0 and page.locator("#no-rows").is_visible()
    assert page.locator("#row-count").inner_text() == f"Showing 0 of {total} jurisdictions"
    page.get_by_role("button", name="Reset").click()
    page.wait_for_function("() => document.querySelectorAll('#compare-table tbody tr:not([hidden])').length === %d" % total)
    assert query(page) == {}


def test_shared_url_restores_the_view(page, base_url, atlas):
    open_compare(page, base_url, "?sort=private_right_of_action&dir=desc&region=north-america&kind=state&q=o")
    assert page.locator("#f-sort").input_value() == "private_right_of_action"
    assert page.locator("#f-dir").input_value() == "desc"
    assert page.locator("#f-region").input_value() == "north-america"
    assert page.locator("#f-kind").input_value() == "state"
    assert page.locator("#f-q").input_value() == "o"
    expected = {j.id for j in atlas.jurisdictions
                if j.region == "north-america" and j.kind == "state" and "o" in j.name.lower()}
    shown = column_values(page, "private_right_of_action")
    assert {j for j, _ in shown} == expected
    dimension = atlas.dimension["private_right_of_action"]
    ranks = [shown_rank(dimension, v) for _, v in shown if not sorts_last(v)]
    assert ranks == sorted(ranks, reverse=True)
    # Values the page does not know are ignored, not trusted.
    open_compare(page, base_url, "?sort=nope&region=%3Cscript%3E&year=1066")
    assert visible_rows(page).count() == len(atlas.jurisdictions)
    assert page.locator("#f-year").input_value() == page.locator("#f-year option").first.get_attribute("value")


def expected_state(atlas, day):
    comparison = derive(atlas, day)
    return {(j.id, d.id): shown_value(comparison, j.id, d.id) for j in atlas.jurisdictions for d in atlas.dimensions}


def test_as_of_year_switches_the_whole_table(page, base_url, atlas):
    open_compare(page, base_url)
    original = table_state(page)
    original_html = page.inner_html("#compare-table tbody")
    assert {k: v for k, (v, _) in original.items()} == expected_state(atlas, atlas.as_of)

    page.select_option("#f-year", "2019")
    page.wait_for_function("() => document.querySelector('.as-of-label').textContent === 'January 1, 2019'")
    assert query(page) == {"year": "2019"}
    then = table_state(page)
    assert {k: v for k, (v, _) in then.items()} == expected_state(atlas, dt.date(2019, 1, 1))
    assert then != original  # the shipped data did change since 2019
    # A cell's badge links to the provision it rested on then, and the source link follows it.
    illinois_consent = page.locator('tr[data-j="us-il"] td').nth(
        [d.id for d in atlas.dimensions].index("consent"))
    assert "/policies/us-il-bipa/#provision-consent" in illinois_consent.locator("a.badge").get_attribute("href")
    assert illinois_consent.locator("a.src").get_attribute("href").startswith("https://")

    page.select_option("#f-year", "2000")
    page.wait_for_function("() => document.querySelector('.as-of-label').textContent === 'January 1, 2000'")
    assert {k: v for k, (v, _) in table_state(page).items()} == expected_state(atlas, dt.date(2000, 1, 1))

    # Back to the latest: exactly what the server rendered, badges, marks and all.
    page.select_option("#f-year", page.locator("#f-year option").first.get_attribute("value"))
    page.wait_for_function("() => document.querySelector('.as-of-label').textContent === '%s'" % atlas.as_of.isoformat())
    assert table_state(page) == original
    assert page.inner_html("#compare-table tbody") == original_html
    assert query(page) == {}


def test_year_in_shared_url_with_sort_and_filter(page, base_url, atlas):
    open_compare(page, base_url, "?year=2015&sort=consent&region=europe")
    assert page.locator(".as-of-label").inner_text() == "January 1, 2015"
    expected = expected_state(atlas, dt.date(2015, 1, 1))
    shown = column_values(page, "consent")
    assert [j for j, _ in shown] != [] and all(j in {x.id for x in atlas.jurisdictions if x.region == "europe"}
                                               for j, _ in shown)
    assert all(expected[(j, "consent")] == v for j, v in shown)
    dimension = atlas.dimension["consent"]
    ranks = [shown_rank(dimension, v) for _, v in shown if not sorts_last(v)]
    assert ranks == sorted(ranks)


def test_controls_work_from_the_keyboard(page, base_url, atlas):
    open_compare(page, base_url)
    page.locator("#f-q").focus()
    page.keyboard.type("tex")
    assert [j for j, _ in column_values(page, "consent")] == ["us-tx"]
    page.keyboard.press("Tab")  # to the region select
    assert page.evaluate("document.activeElement.id") == "f-region"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("ArrowDown")  # choose the first region
    page.wait_for_function("() => new URLSearchParams(location.search).has('region')")
    sort_button = page.get_by_role("button", name="Sort by Consent")
    sort_button.focus()
    page.keyboard.press("Enter")
    assert query(page).get("sort") == "consent"
    assert re.search(r"Showing \d+ of \d+ jurisdictions", page.locator("#row-count").inner_text())
