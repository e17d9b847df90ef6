"""Screenshots of every page type at desktop and phone widths, for a person to look at, plus layout checks."""

import os

import pytest

from browser_support import PAGE_TYPES, SHOTS, new_page

pytestmark = pytest.mark.browser
# A phone's whole page, top to bottom, takes about 5 s a page to capture: only when asked (docs/testing.md).
FULL_PAGE = os.environ.get("ATLAS_FULL_SHOTS") == "1"


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshot_every_page_type(browser, base_url, width, scheme):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, width=width, height=800, color_scheme=scheme)
    too_wide = []
    try:
        for name, path in PAGE_TYPES.items():
            page.goto(base_url + path)
            page.wait_for_load_state("load")
            if name.startswith(("compare", "side_by_side", "changes")):
                page.wait_for_selector("[data-ready]", state="attached")
            if name == "search":
                page.wait_for_selector(".pagefind-ui__result", timeout=10000)
            page.screenshot(path=str(SHOTS / f"{name}-{width}-{scheme}.png"), full_page=FULL_PAGE and width == 360)
            # Nothing may make the page itself scroll sideways: wide tables scroll inside their container.
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                too_wide.append(f"{name} at {width}px is {overflow}px too wide")
        assert too_wide == []
        assert page.js_errors == []
    finally:
        page.context.close()
