"""axe-core finds no violations in the pages' interactive states and on every badge, in light and dark mode; and the
site's own scripts run under its Content-Security-Policy. (Every page type as it loads: test_page_types.py.)"""

import json

import pytest

from browser_support import AXE, axe_rules, new_page, ready, run_axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_in_interactive_states(browser, base_url, scheme):
    page = new_page(browser, color_scheme=scheme)
    found = {}
    page.goto(base_url + "compare/?year=2012&sort=consent&region=europe")
    ready(page, "compare")
    page.wait_for_function("() => document.querySelector('.as-of-label').textContent === 'January 1, 2012'")
    found["compare as of 2012, sorted and filtered"] = run_axe(page, axe_rules(scheme))
    page.goto(base_url + "compare/?q=no+such+place")
    ready(page, "compare")
    found["compare with no rows"] = run_axe(page, axe_rules(scheme))
    page.goto(base_url + "compare/side-by-side/?j=cn,eu,us-il,uk&diff=1")
    ready(page, "side_by_side")
    page.locator("summary", has_text="Change jurisdictions").click()
    found["side by side, four chosen, picker open"] = run_axe(page, axe_rules(scheme))
    page.context.close()
    found = {k: v for k, v in found.items() if v}
    assert found == {}, json.dumps(found, indent=1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_badge_colour_reads_in_light_and_dark(browser, base_url, scheme):
    """The compare table shows every value's badge; axe cannot judge cells scrolled out of view or under
    the sticky column, so for this check the table is laid out flat on a page wide enough to hold it."""
    page = new_page(browser, width=4200, height=1200, color_scheme=scheme)
    page.goto(base_url + "compare/")
    ready(page, "compare")
    page.add_style_tag(content=".compare-wrap { max-height: none !important; overflow: visible !important; }"
                               " table.compare th, table.compare caption { position: static !important; }")
    shown = page.evaluate("new Set(Array.from(document.querySelectorAll('#compare-table .badge'))"
                          ".map(b => b.className)).size")
    assert shown > 20
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run('#compare-table', {runOnly: ['color-contrast']});
        return {violations: r.violations.flatMap(v => v.nodes.map(n => n.target.join(' '))),
                incomplete: r.incomplete.flatMap(v => v.nodes.map(n => n.target.join(' ') + ' ' + n.any[0].message))
                    .filter(m => !m.includes('only non-text characters')),  // the sort buttons' arrow glyph
                passes: r.passes.reduce((n, v) => n + v.nodes.length, 0)};
    }""")
    page.context.close()
    assert result["violations"] == [] and result["incomplete"] == []
    assert result["passes"] > 1000


@pytest.mark.parametrize("path", ["compare/?sort=consent&year=2019", "compare/side-by-side/?j=cn,eu"])
def test_scripts_run_under_the_content_security_policy(browser, base_url, path):
    """No bypass here: the page's own CSP applies, and must neither block our scripts nor be violated."""
    page = new_page(browser, bypass_csp=False)
    page.goto(base_url + path)
    page.wait_for_selector("[data-ready]", state="attached")
    if path.startswith("compare/?"):
        assert page.locator("#compare-controls").is_visible()
        page.wait_for_selector("text=January 1, 2019")
        assert page.locator('th[data-dimension="consent"][aria-sort="ascending"]').count() == 1
    else:
        assert page.locator("#sbs-table").is_visible()
    assert page.js_errors == []  # a CSP violation is reported as a console error
    page.context.close()
