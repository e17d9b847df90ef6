"""Stage 5: plan every output file before rendering, as pure functions of ids."""

from __future__ import annotations

from dataclasses import dataclass

from generator.compare.changes import change_years, pending_policies
from generator.site import urls
from generator.compare.derive import SECTORS
from generator.content.model import Atlas
from generator.content.validate import KINDS


@dataclass(frozen=True)
class Page:
    """One output file: where it goes, what kind of page it is and which record it shows."""

    site_path: str  # the address under base_url: 'policies/cn-pipl/'
    output: str  # the file in the output folder: 'policies/cn-pipl/index.html'
    kind: str  # selects the template and the context builder
    key: str = ""  # the record id, slug or file name the page is about
    lang: str = ""  # a further language's code (site.yaml languages); "" for the default language
    view: str = urls.ALL_SECTORS  # compare and dimension pages: all sectors, or only public or private

    @property
    def is_html(self) -> bool:
        return self.output.endswith(".html")


def brief_list_pages(atlas: Atlas) -> int:
    """Return how many pages the list of briefs takes: site.yaml's briefs_per_page on each, newest first."""
    return max(1, -(-len(atlas.briefs) // atlas.site.briefs_per_page))


def briefs_on(atlas: Atlas, key: str) -> tuple:
    """Return the briefs on the list's page `key` ('' the first, '2' the second...)."""
    number, per_page = int(key or 1), atlas.site.briefs_per_page
    return atlas.briefs[(number - 1) * per_page:number * per_page]


def _page(site_path: str, kind: str, key: str = "", view: str = urls.ALL_SECTORS) -> Page:
    return Page(site_path, urls.file_for(site_path), kind, key, view=view)


def _sector_pages(atlas: Atlas) -> list[Page]:
    """The compare table and each dimension that can differ by sector, once for each sector."""
    pages = []
    for sector in SECTORS:
        pages.append(_page(urls.compare(sector), "compare", view=sector))
        pages += [_page(urls.dimension(d.id, sector), "dimension", d.id, sector) for d in atlas.dimensions if d.by_sector]
    return pages


def _has_us_states(atlas: Atlas) -> bool:
    """Return whether the US states map is drawn (pages.Contexts.maps): a US state is in the atlas."""
    return any(j.kind == "state" and j.parent == "us" for j in atlas.jurisdictions)


def plan(atlas: Atlas) -> tuple[Page, ...]:
    """Return every page of the site; fails (UnsafePath, ValueError) on an unsafe or doubled path."""
    pages = [
        _page(urls.home(), "home"),
        _page(urls.compare(), "compare"),
        _page(urls.side_by_side(), "side_by_side"),
        _page(urls.overview(), "overview"),
        *(_page(urls.dimension(d.id), "dimension", d.id) for d in atlas.dimensions),
        *_sector_pages(atlas),
        _page(urls.research(), "research"),
        *(_page(urls.dimension_feed(d.id), "dimension_feed", d.id) for d in atlas.dimensions),
        *(_page(urls.map_file(d.id, "world"), "map_svg", d.id) for d in atlas.dimensions),
        *(_page(urls.map_file(d.id, "us"), "map_us_svg", d.id) for d in atlas.dimensions if _has_us_states(atlas)),
        _page(urls.if_enacted(), "if_enacted"),
        *(_page(urls.if_enacted(p), "if_enacted", p) for p in pending_policies(atlas)),
        *(_page(urls.if_enacted_dimension(d.id), "if_enacted_dimension", d.id) for d in atlas.dimensions),
        *(_page(urls.if_enacted_dimension(d, p), "if_enacted_dimension", f"{d}/{p}")
          for p in pending_policies(atlas) for d in sorted({v.dimension for v in atlas.policy[p].provisions})),
        _page(urls.jurisdictions(), "jurisdictions"),
        *(_page(urls.jurisdiction(j.id), "jurisdiction", j.id) for j in atlas.jurisdictions),
        *(_page(urls.jurisdiction_feed(j.id), "jurisdiction_feed", j.id) for j in atlas.jurisdictions),
        _page(urls.policies(), "policies"),
        *(_page(urls.policy(p.id), "policy", p.id) for p in atlas.policies),
        *(_page(urls.briefs(n), "briefs", "" if n == 1 else str(n)) for n in range(1, brief_list_pages(atlas) + 1)),
        *(_page(urls.brief(b.slug), "brief", b.slug) for b in atlas.briefs),
        _page(urls.timeline(), "timeline"),
        _page(urls.changes(), "changes"),
        _page(urls.corrections(), "corrections"),
        _page(urls.corrections_feed(), "corrections_feed"),
        *(_page(urls.changes_year(year), "changes_year", str(year)) for year in change_years(atlas)),
        _page(urls.search(), "search"),
        _page(urls.data(), "data"),
        _page(urls.data_file("atlas.json"), "atlas_json"),
        _page(urls.data_file("comparison.csv"), "comparison_csv"),
        _page(urls.data_file("policies.csv"), "policies_csv"),
        _page(urls.data_file("compare-years.json"), "compare_years"),
        _page(urls.data_file("if-enacted.csv"), "if_enacted_csv"),
        _page(urls.data_file("if-enacted.json"), "if_enacted_json"),
        *(_page(urls.schema_file(kind), "schema", kind) for kind in KINDS),
        _page("feed.xml", "feed"),
        _page("sitemap.xml", "sitemap"),
        _page("robots.txt", "robots"),
        _page("404.html", "not_found"),
        _page(urls.static("values.css"), "values_css"),
        _page(urls.map_shapes("world"), "map_shapes", "world"),
        *([_page(urls.map_shapes("us"), "map_shapes", "us")] if _has_us_states(atlas) else []),
    ]
    seen: dict[str, Page] = {}
    for page in pages:
        if page.output in seen:
            raise ValueError(f"two pages would be written to {page.output}: {seen[page.output].kind} "
                             f"and {page.kind}")
        seen[page.output] = page
    return tuple(pages)
