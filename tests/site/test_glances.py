"""A map's view of a cell (Views.glance) shows what the full cell view (Views.cell) shows, also as if enacted."""

import datetime as dt
from pathlib import Path

import pytest

from generator.builds.full import load_and_plan, load_catalogs
from generator.compare.derive import derive
from generator.content.cache import ParseCache
from generator.site.render import Renderer
from generator.site.theme import find_theme
from generator.site.views import VIEWS

REPO = Path(__file__).resolve().parents[2]
SECTORS = REPO / "tests" / "sites" / "sectors"  # provisions that bind one sector: cells whose sectors differ


def renderer(source):
    atlas, pages, _, texts, _ = load_and_plan(source, dt.date(2026, 11, 27), False, ParseCache(None), 1)
    theme, _ = find_theme(atlas.site.theme, source, atlas.site.origin)
    return Renderer(atlas, derive(atlas), pages, theme, texts, load_catalogs(atlas, theme))


def same(glance, cell):
    assert (glance.value, glance.label, glance.css, glance.differs) == (cell.value, cell.label, cell.css, cell.differs)
    assert glance.sector_label == cell.sector_label and len(glance.parts) == len(cell.parts)
    if not cell.parts:
        assert glance.status == cell.status
    for glance_part, cell_part in zip(glance.parts, cell.parts):
        same(glance_part, cell_part)


@pytest.mark.parametrize("source", [REPO / "content", SECTORS], ids=["shipped", "sectors"])
def test_glances_match_cells_now_and_if_enacted(source):
    r = renderer(source)
    log = r.contexts.change_pages.log
    scenarios = [r.views] + [r.views.over(log.scenario(ids)[0]) for ids in [tuple(log.pending)] +
                             [(p,) for p in log.pending]]
    differs = 0
    for views in scenarios:
        for j in r.atlas.jurisdictions:
            for d in r.atlas.dimensions:
                for view in VIEWS:
                    glance, cell = views.glance(j.id, d.id, view), views.cell(j.id, d.id, view)
                    same(glance, cell)
                    differs += glance.differs
    assert len(scenarios) > 2
    if source == SECTORS:
        assert differs  # the cells whose sectors differ are compared too


@pytest.mark.parametrize("source", [REPO / "content", SECTORS], ids=["shipped", "sectors"])
def test_the_if_enacted_maps_take_the_unchanged_cells_from_the_actual_map_and_equal_maps_made_afresh(source,
                                                                                                      monkeypatch):
    """Each "if enacted" map page works out again only the cells its proposal changes (mapviews.Shown): its maps and
    counts of values equal those of pages made from nothing, in each language."""
    from generator.site.mapviews import MapViews
    from generator.site.whatif import WhatIfPages
    r = renderer(source)
    shown = []  # each cell worked out: whether the scenario left it as the actual comparison has it
    show = MapViews._show

    def counted(self, j, d, view):
        shown.append(self.views.comparison.cells[(j, d)] is r.comparison.cells[(j, d)])
        return show(self, j, d, view)

    monkeypatch.setattr(MapViews, "_show", counted)
    for contexts in [r.contexts, *(edition.contexts for edition in r.editions.values())]:
        kept = WhatIfPages(contexts)
        keys = [f"{d}/{p}" for d, policies in kept._pending_on().items() for p in policies]
        assert keys
        for key in keys:
            page = kept.dimension(key)
            fresh = WhatIfPages(contexts).dimension(key)
            assert page["maps"] == fresh["maps"] and page["counts"] == fresh["counts"]
        afresh = len(shown)
        shown.clear()
        for key in keys:
            kept.dimension(key)
        assert not any(shown) and len(shown) < afresh / 3  # the kept pages asked only the cells a proposal changes
        shown.clear()
