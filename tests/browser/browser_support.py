"""Helpers shared by the browser tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SHOTS = Path("/tmp/shots")

# One page of each type, by its path under the site root.
PAGE_TYPES = {
    "home": "",
    "compare": "compare/",
    "compare_sector": "compare/public/",
    "side_by_side": "compare/side-by-side/",
    "side_by_side_chosen": "compare/side-by-side/?j=cn,eu,us-il",
    "dimension": "compare/consent/",
    "dimension_sector": "compare/public_face_recognition/private/",
    "research_status": "research/",
    "jurisdictions": "jurisdictions/",
    "jurisdiction": "jurisdictions/us-il/",
    "policies": "policies/",
    "policy": "policies/us-il-bipa/",
    "policy_original_title": "policies/cn-pipl/",
    "briefs": "briefs/",
    "brief": "briefs/bipa-and-the-price-of-consent/",
    "timeline": "timeline/",
    "changes": "changes/?from=2018&to=",
    "year_of_changes": "changes/2023/",
    "policy_pending": "policies/cn-tan-jianfeng-data-bank-proposal/",
    "overview": "compare/overview/",
    "if_enacted": "compare/if-enacted/",
    "if_enacted_one": "compare/if-enacted/us-ny-biometric-privacy-act-bill/",
    "if_enacted_map": "compare/consent/if-enacted/",
    "data": "data/",
    "search": "search/?q=consent",
    "not_found": "404.html",
    # The Chinese edition (docs/languages.md): its own words, fonts and fallbacks marked lang="en"
    "zh_home": "zh/",
    "zh_compare": "zh/compare/",
    "zh_dimension": "zh/compare/public_face_recognition/",
    "zh_jurisdiction": "zh/jurisdictions/cn/",
    "zh_policies": "zh/policies/",
    "zh_policy": "zh/policies/cn-pipl/",
    "zh_brief": "zh/briefs/china-proposed-national-biometric-data-bank/",
    "zh_search": "zh/search/?q=数据银行",
}


def ready(page, name: str) -> None:
    """Wait until the page of type `name` (PAGE_TYPES) is loaded and its scripts have drawn it."""
    page.wait_for_load_state("load")
    if name.removeprefix("zh_").startswith(("compare", "side_by_side", "changes")):
        page.wait_for_selector("[data-ready]", state="attached")
    if name.endswith("search"):
        page.wait_for_selector(".pagefind-ui__result", timeout=10000)


def new_page(browser, width: int = 1280, height: int = 900, **options):
    """Return a page in a fresh context. bypass_csp lets Playwright evaluate scripts and inject axe;
    the site's own scripts are all files under /static/, which the CSP allows either way."""
    options.setdefault("bypass_csp", True)
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(f"{message.text} ({message.location.get('url')})")
            if message.type == "error" else None)
    page.js_errors = errors
    return page


# The rules of axe-core that read colours. Dark mode changes colours and nothing else (test_page_types.py holds the
# stylesheets to that), so in dark mode these are the rules to run: the others judged the same page in light mode.
COLOUR_RULES = ("color-contrast", "link-in-text-block")


def axe_rules(scheme: str) -> tuple[str, ...] | None:
    """Return the rules run_axe should run in this colour scheme: every rule in light mode, the colours' in dark."""
    return COLOUR_RULES if scheme == "dark" else None


def run_axe(page, rules: tuple[str, ...] | None = None) -> list[dict]:
    """Inject axe-core and return its violations on the page as shown (WCAG 2.x A and AA and best practices), by
    every rule or by `rules` only."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async (rules) => {
        const options = {resultTypes: ['violations']};
        if (rules) options.runOnly = {type: 'rule', values: rules};
        const result = await axe.run(document, options);
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
    }""", list(rules) if rules else None)


def shown_value(comparison, jurisdiction: str, dimension: str, sector: str = "all") -> str:
    """Return a cell's value as the pages write it in data-value: the value id, "-" when no record covers it,
    and in the view of all sectors each sector's (public first, space-separated) where they differ."""
    cells = comparison.sectors(jurisdiction, dimension)
    if sector != "all" and len(cells) == 2:
        cells = [cells[("public", "private").index(sector)]]
    return " ".join("-" if cell.status == "not_researched" else cell.value for cell in cells)


def shown_rank(dimension, value: str) -> int:
    """Return the rank the compare table sorts a data-value by: its strongest sector's."""
    return min(len(dimension.values) if v == "-" else dimension.rank(v) for v in value.split())


def sorts_last(value: str) -> bool:
    """Whether a data-value stays at the end of a sorted column: unknown or not researched in every sector shown."""
    return all(v in ("unknown", "-") for v in value.split())
