"""Every page type, at desktop and phone widths, in light and dark mode: a screenshot for a person to look at, no
sideways scroll, no script error, and no axe-core violation. Each page is loaded once for all four checks."""

import json
import os
import re

import pytest

from browser_support import PAGE_TYPES, SHOTS, axe_rules, new_page, ready, run_axe

pytestmark = pytest.mark.browser
# A phone's whole page, top to bottom, takes about 5 s a page to capture: only when asked (docs/testing.md).
FULL_PAGE = os.environ.get("ATLAS_FULL_SHOTS") == "1"
# What a stylesheet's dark mode may set: colours (a custom property's value must be one).
COLOUR_PROPERTIES = {"color", "background", "background-color", "border-color", "fill", "stroke", "outline-color",
                     "text-decoration-color", "caret-color", "accent-color"}
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|(?:rgb|rgba|hsl|hsla|oklch|light-dark)\(.*\)|transparent|currentcolor",
                    re.IGNORECASE)


@pytest.fixture(scope="module", params=[(1280, "light"), (1280, "dark"), (360, "light"), (360, "dark")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def shared_page(request, browser):
    width, scheme = request.param
    page = new_page(browser, width=width, height=800, color_scheme=scheme)
    page.shown_as = (width, scheme)
    yield page
    page.context.close()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_every_page_type_fits_runs_and_passes_axe(shared_page, base_url, name):
    width, scheme = shared_page.shown_as
    shared_page.js_errors.clear()
    shared_page.goto(base_url + PAGE_TYPES[name])
    ready(shared_page, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shared_page.screenshot(path=str(SHOTS / f"{name}-{width}-{scheme}.png"), full_page=FULL_PAGE and width == 360)
    # Nothing may make the page itself scroll sideways: wide tables scroll inside their container.
    too_wide = shared_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    violations = run_axe(shared_page, axe_rules(scheme))
    assert (too_wide, shared_page.js_errors) == (0, []), f"{name} at {width}px: {too_wide}px too wide"
    assert violations == [], json.dumps(violations, indent=1)


def _not_colours(css: str) -> list[str]:
    """Return each declaration of a stylesheet's `@media (prefers-color-scheme: dark)` blocks that sets no colour."""
    found = []
    for match in re.finditer(r"@media[^{]*prefers-color-scheme\s*:\s*dark[^{]*\{", css):
        depth, at = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[at], 0)
            at += 1
        declarations = re.sub(r"[^{}]*\{|\}", ";", css[match.end():at - 1])  # the rules' selectors and braces out
        for name, value in re.findall(r"([-\w]+)\s*:\s*([^;]+)", declarations):
            if not (name in COLOUR_PROPERTIES or name.startswith("--") and COLOUR.fullmatch(value.strip())):
                found.append(f"{name}: {value.strip()}")
    return found


def test_dark_mode_changes_colours_only(built_site):
    """What lets the dark mode run only COLOUR_RULES: every stylesheet's dark rules set colours, and no script asks
    for the colour scheme. Were one to hide, show or move something, every rule would have to run in dark mode too."""
    assert _not_colours("@media (prefers-color-scheme: dark) { :root { --bg: #000; } .a b { fill: #111; } }") == []
    assert _not_colours("@media screen and (prefers-color-scheme: dark) { .a { color: #fff; display: none } "
                        ".b { --gap: 2rem; } }") == ["display: none", "--gap: 2rem"]
    sheets = sorted(built_site.rglob("*.css"))
    assert "style.css" in [path.name for path in sheets]
    assert {path.name: _not_colours(path.read_text(encoding="utf-8")) for path in sheets} == \
        {path.name: [] for path in sheets}
    assert [path.name for path in built_site.rglob("*.js")
            if "prefers-color-scheme" in path.read_text(encoding="utf-8", errors="replace")] == []
