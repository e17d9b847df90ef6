"""The changes page in a real browser: any two dates compared with JavaScript, the years without it."""

import datetime as dt
from urllib.parse import parse_qs

import pytest

from browser_support import new_page
from generator.compare.changes import BOTH, diff
from generator.compare.derive import derive

pytestmark = pytest.mark.browser


def shown_rows(page) -> list[list[str]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('#changes-table tbody tr'))
        .map(tr => Array.from(tr.cells).map(c => c.textContent.trim().replace(/\\s+/g, ' ')))""")


def expected(atlas, start, end) -> list[list[str]]:
    """Return (jurisdiction, dimension and sector, value before, value after) of every cell that differs, as derive
    says: a sector apart where only it changed, 'Not yet researched' where no record covered the cell."""
    def label(dimension, cell):
        return "Not yet researched" if cell.winner is None else dimension.value(cell.value).label

    rows = []
    for change in diff(derive(atlas, start), derive(atlas, end)):
        dimension = atlas.dimension[change.dimension]
        sector = "" if change.sector == BOTH else f" ({change.sector} sector)"
        rows.append([atlas.jurisdiction[change.jurisdiction].name, dimension.label + sector,
                     label(dimension, change.before), label(dimension, change.after)])
    return rows


def test_two_dates_list_the_cells_that_differ(page, base_url, atlas):
    page.goto(base_url + "changes/?from=2018&to=2024")
    page.wait_for_selector("#changes-form[data-ready]", state="attached")
    rows = shown_rows(page)
    want = expected(atlas, dt.date(2018, 1, 1), dt.date(2024, 1, 1))
    assert len(rows) == len(want) > 100  # the GDPR alone changed every EU member's cells
    assert [r[:2] for r in rows] == [w[:2] for w in want]
    assert any(r[1].endswith("(private sector)") for r in rows)  # sectors apart where only one moved
    assert all(r[2].startswith(w[2]) and r[3].startswith(w[3]) for r, w in zip(rows, want))
    assert page.locator("#changes-status").text_content().startswith(f"{len(want)} cells differ")


def test_choosing_dates_updates_the_list_and_the_address(page, base_url, atlas):
    page.goto(base_url + "changes/")
    page.wait_for_selector("#changes-form[data-ready]", state="attached")
    page.select_option("#c-from", "2011")
    page.select_option("#c-to", "2012")
    page.wait_for_function("() => document.querySelector('#changes-status').textContent.includes('January 1, 2011')")
    query = {k: v[0] for k, v in parse_qs(page.evaluate("location.search").lstrip("?")).items()}
    assert query == {"from": "2011", "to": "2012"}
    assert len(shown_rows(page)) == len(expected(atlas, dt.date(2011, 1, 1), dt.date(2012, 1, 1)))
    page.select_option("#c-to", "2011")
    page.wait_for_function("() => document.querySelector('#changes-status').textContent.startsWith('0 cells differ')")
    assert page.locator("#changes-table").count() == 0


def test_without_javascript_the_years_are_links(browser, base_url):
    page = new_page(browser, java_script_enabled=False)
    page.goto(base_url + "changes/")
    assert page.locator("#changes-form").is_hidden()
    page.locator("table.list a", has_text="2018").first.click()
    assert page.url.endswith("/changes/2018/")
    assert page.locator("table.changes tbody tr[id]").count() > 100
    page.context.close()
