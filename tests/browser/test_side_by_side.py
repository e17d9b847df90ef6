"""The side-by-side page: complete without JS; with JS, 2-4 chosen columns, differences marked, shareable URL."""

from urllib.parse import unquote, urlsplit

import pytest

from browser_support import new_page, shown_value
from generator.compare.derive import derive

pytestmark = pytest.mark.browser


def shared(page) -> str:
    # Read the address in the page: page.url learns of history.replaceState only later.
    return unquote(page.evaluate("location.search").lstrip("?"))


def open_sbs(page, base_url, query_string=""):
    page.goto(base_url + "compare/side-by-side/" + query_string)
    page.wait_for_selector("body[data-ready]", state="attached")


def sbs_rows(page) -> dict:
    """Return {dimension: (row differs, [(value, marked unlike), ...])} of the side-by-side table."""
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('#sbs-table tbody tr[data-dimension]'))
        .map(tr => [tr.dataset.dimension, tr.classList.contains('differs'),
                    Array.from(tr.querySelectorAll('td')).map(td => [td.dataset.value, td.classList.contains('unlike')])])""")
    return {d: (differs, [tuple(c) for c in cells]) for d, differs, cells in rows}


def test_without_javascript_every_dimension_lists_every_jurisdiction(browser, base_url, atlas):
    page = new_page(browser, java_script_enabled=False)
    page.goto(base_url + "compare/side-by-side/?j=cn&j=eu")
    form = page.locator("form#picker")
    assert form.get_attribute("method") == "get"
    assert page.locator('input[type="checkbox"][name="j"]').count() == len(atlas.jurisdictions)
    assert page.get_by_role("button", name="Compare").is_visible()
    sections = page.locator("#sbs-all section[data-dimension]")
    assert sections.count() == len(atlas.dimensions)
    comparison = derive(atlas, atlas.as_of)
    for i, dimension in enumerate(atlas.dimensions):
        rows = sections.nth(i).locator("tbody tr")
        assert rows.count() == len(atlas.jurisdictions)
        assert rows.first.is_visible()
        for j in ("cn", "eu", "us-il"):
            row = sections.nth(i).locator(f'tr[data-j="{j}"]')
            assert row.get_attribute("data-value") == shown_value(comparison, j, dimension.id)
    assert not page.locator("#sbs-view").is_visible()
    # The form submits to this same page.
    page.check("#pick-cn")
    page.check("#pick-jp")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path.endswith("/compare/side-by-side/") and "j=cn" in page.url and "j=jp" in page.url
    page.context.close()


def test_shared_url_shows_chosen_jurisdictions_side_by_side(page, base_url, atlas):
    open_sbs(page, base_url, "?j=cn,eu,us-il")
    assert page.locator("#sbs-view").is_visible() and not page.locator("#sbs-all").is_visible()
    heads = page.locator("#sbs-table thead th").all_inner_texts()
    assert heads == ["Dimension", "China", "European Union", "Illinois"]
    for j in ("cn", "eu", "us-il"):
        assert page.locator(f"#pick-{j}").is_checked()
    comparison = derive(atlas, atlas.as_of)
    rows = sbs_rows(page)
    assert list(rows) == [d.id for d in atlas.dimensions]
    marked = 0
    for dimension, (differs, cells) in rows.items():
        values = [shown_value(comparison, j, dimension) for j in ("cn", "eu", "us-il")]
        assert [v for v, _ in cells] == values
        assert differs == (len(set(values)) > 1)
        for value, unlike in cells:
            assert unlike == (differs and values.count(value) == 1)
            marked += unlike
    assert marked > 0
    # Notes and sources travel with each value.
    first = page.locator("#sbs-table tbody tr[data-dimension] td").first
    assert first.locator("a.badge").count() + first.locator("span.badge").count() == 1
    assert page.locator("#sbs-table .sbs-rule .cite a[href^='http']").count() > 10
    assert page.locator("#sbs-table .differs-mark").count() == sum(1 for d, _ in rows.values() if d)


def test_changing_the_selection_updates_the_url_and_caps_at_four(page, base_url, atlas):
    open_sbs(page, base_url, "?j=cn,eu,us-il")
    page.locator("summary", has_text="Change jurisdictions").click()
    page.check("#pick-jp")
    assert shared(page) == "j=cn,eu,us-il,jp"
    assert page.locator("#sbs-table thead th").count() == 5
    assert page.locator("#pick-br").is_disabled()  # four is the most
    assert "most at once" in page.locator("#pick-status").inner_text()
    page.uncheck("#pick-cn")
    assert shared(page) == "j=eu,us-il,jp"
    assert page.locator("#pick-br").is_enabled()
    page.check("#only-diff")
    assert shared(page) == "j=eu,us-il,jp&diff=1"
    rows = sbs_rows(page)
    assert rows and all(differs for differs, _ in rows.values())
    assert len(rows) < len(atlas.dimensions)
    url = page.evaluate("location.href")
    # The shared address restores the same view in a fresh page.
    fresh = new_page(page.context.browser)
    open_sbs(fresh, url.split("compare/side-by-side/")[0], "?" + urlsplit(url).query)
    assert fresh.locator("#sbs-table thead th").all_inner_texts() == ["Dimension", "European Union", "Illinois", "Japan"]
    assert fresh.locator("#only-diff").is_checked()
    assert sbs_rows(fresh) == rows
    assert fresh.js_errors == []
    fresh.context.close()
    # Down to one: back to the full lists, with a prompt.
    page.uncheck("#pick-eu")
    page.uncheck("#pick-us-il")
    assert shared(page) == "j=jp&diff=1"
    assert not page.locator("#sbs-view").is_visible() and page.locator("#sbs-all").is_visible()
    assert "Choose at least one more" in page.locator("#pick-status").inner_text()


def test_form_style_and_bad_queries(page, base_url):
    open_sbs(page, base_url, "?j=cn&j=us-il&j=nowhere&j=cn")
    assert page.locator("#sbs-table thead th").all_inner_texts() == ["Dimension", "China", "Illinois"]
    assert shared(page) == "j=cn,us-il"
    open_sbs(page, base_url, "?j=%3Cimg%20src%3Dx%3E,fr")
    assert not page.locator("#sbs-view").is_visible()
    assert page.locator("#pick-fr").is_checked()


def test_keyboard_selection(page, base_url):
    open_sbs(page, base_url)
    page.locator("#pick-de").focus()
    page.keyboard.press("Space")
    page.locator("#pick-fr").focus()
    page.keyboard.press("Space")
    assert shared(page) == "j=de,fr"
    assert page.locator("#sbs-table thead th").count() == 3
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
