"""Dates on a phone: a brief card's date (October 3, 2008) is never broken across two lines."""

import pytest

from browser_support import new_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["briefs/", "zh/briefs/"])
def test_at_360_a_brief_card_s_date_stays_on_one_line(browser, base_url, path):
    page = new_page(browser, width=360, height=800)
    page.goto(base_url + path)
    lines = page.evaluate("() => Array.from(document.querySelectorAll('.cards time'), t => t.getClientRects().length)")
    assert len(lines) >= 10 and set(lines) == {1}, lines
    page.context.close()
