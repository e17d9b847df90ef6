"""The compact overview in a real browser: all of it fits at 1280 px, values on hover and focus, cards at 360 px."""

import pytest

from browser_support import new_page

pytestmark = pytest.mark.browser


def test_every_row_and_dimension_fit_at_1280_without_scrolling_sideways(browser, base_url, atlas):
    page = new_page(browser, width=1280, height=900)
    page.goto(base_url + "compare/overview/")
    layout = page.evaluate("""() => {
        const table = document.getElementById('overview');
        const chips = Array.from(table.querySelectorAll('tbody .o-code'));
        const clipped = chips.filter(c => c.scrollWidth > c.clientWidth + 1).length;
        const cellsOut = chips.filter(c => c.getBoundingClientRect().right > document.documentElement.clientWidth).length;
        return {rows: table.tBodies[0].rows.length, columns: table.tHead.rows[0].cells.length - 1,
                tableRight: table.getBoundingClientRect().right, viewport: document.documentElement.clientWidth,
                pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                clipped, cellsOut};
    }""")
    assert layout["rows"] == len(atlas.jurisdictions) and layout["columns"] == len(atlas.dimensions) == 13
    assert layout["tableRight"] <= layout["viewport"] and layout["pageOverflow"] == 0
    assert layout["clipped"] == 0 and layout["cellsOut"] == 0  # every code fully shown
    assert page.js_errors == []
    page.context.close()


def test_the_full_value_shows_on_hover_and_on_keyboard_focus(browser, base_url):
    page = new_page(browser, width=1280, height=900)
    page.goto(base_url + "compare/overview/")
    cell = page.locator("#overview tbody tr", has_text="France").locator("td").nth(1)  # consent
    tip = cell.locator(".o-tip")
    assert not tip.is_visible()
    cell.hover()
    assert tip.is_visible() and tip.text_content().startswith("Explicit or written. GDPR")
    page.mouse.move(0, 0)
    page.locator("#overview tbody tr", has_text="France").locator("th a").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('td').querySelector('.o-tip').id")
    assert focused.startswith("o-fr-") and page.locator(f"#{focused}").is_visible()
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert described == focused
    page.context.close()


def test_at_360_each_jurisdiction_is_a_card_with_full_values(browser, base_url):
    page = new_page(browser, width=360, height=800)
    page.goto(base_url + "compare/overview/")
    first = page.locator("#overview tbody tr").first
    assert first.evaluate("tr => getComputedStyle(tr).display") == "block"
    assert first.locator(".o-full").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    page.context.close()


def test_small_european_states_can_be_seen_and_clicked_in_the_enlarged_map(browser, base_url):
    page = new_page(browser, width=1280, height=900)
    page.goto(base_url + "compare/consent/")
    inset = page.locator("figure.map-inset-europe svg")
    sizes = inset.evaluate("""svg => Object.fromEntries(Array.from(svg.querySelectorAll('a[data-key]')).map(a => {
        const r = a.querySelector('path, use').getBoundingClientRect(); return [a.dataset.key, [r.width, r.height]]; }))""")
    for key in ("mt", "lu", "cy", "si", "me", "mk", "al"):
        if key in sizes:
            assert min(sizes[key]) >= 6, (key, sizes[key])  # a target a pointer can hit
    assert "mt" in sizes and "lu" in sizes
    inset.locator('a[data-key="mt"]').click()
    assert page.url.endswith("/jurisdictions/mt/")
    page.context.close()


@pytest.mark.parametrize("path", ["compare/consent/", "zh/compare/consent/if-enacted/"])
def test_map_areas_drawn_from_the_shapes_file_are_painted_and_outlined_on_hover(browser, base_url, path):
    """The maps <use> the shapes in static/map-world.svg: the browser loads them (the CSP allows it), paints each
    area in its value's colour and outlines the one under the pointer, as when every path was in the page."""
    page = new_page(browser, width=1280, height=900)
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(base_url + path)
    china = page.locator('svg.map-world a[data-key="cn"]')
    shape = china.locator("use").first
    page.wait_for_function("u => u.getBoundingClientRect().width > 10", arg=shape.element_handle(), timeout=5000)
    box = shape.bounding_box()
    assert box["width"] > 10 and box["height"] > 10  # the shape came from the file: a <use> of nothing has no size
    style = "u => { const s = getComputedStyle(u); return [s.fill, s.stroke]; }"
    fill, stroke = shape.evaluate(style)
    assert fill not in ("rgb(136, 136, 136)", "none")  # the value's colour (values.css), not the fallback
    china.hover()
    assert shape.evaluate(style)[1] != stroke  # outlined under the pointer
    assert failed == [] and page.js_errors == []
    page.context.close()
