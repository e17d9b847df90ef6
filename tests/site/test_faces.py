"""A map's view of a cell (Views.face) shows what the full cell view (Views.cell) shows, also as if enacted."""

import datetime as dt

import pytest

from generator.builds.full import load_and_plan, load_catalogs
from generator.compare.derive import derive
from generator.content.cache import ParseCache
from generator.site.render import Renderer
from generator.site.theme import find_theme
from generator.site.views import VIEWS
from conftest import REPO, SECTORS


def renderer(source):
    atlas, pages, _, texts, _ = load_and_plan(source, dt.date(2026, 11, 27), False, ParseCache(None), 1)
    theme, _ = find_theme(atlas.site.theme, source, atlas.site.origin)
    return Renderer(atlas, derive(atlas), pages, theme, texts, load_catalogs(atlas, theme))


def same(face, cell):
    assert (face.value, face.label, face.css, face.differs) == (cell.value, cell.label, cell.css, cell.differs)
    assert face.sector_label == cell.sector_label and len(face.parts) == len(cell.parts)
    if not cell.parts:
        assert face.status == cell.status
    for face_part, cell_part in zip(face.parts, cell.parts):
        same(face_part, cell_part)


@pytest.mark.parametrize("source", [REPO / "content", SECTORS], ids=["shipped", "sectors"])
def test_faces_match_cells_now_and_if_enacted(source):
    r = renderer(source)
    log = r.contexts.change_pages.log
    scenarios = [r.views] + [r.views.over(log.scenario(ids)[0]) for ids in [tuple(log.pending)] +
                             [(p,) for p in log.pending]]
    differs = 0
    for views in scenarios:
        for j in r.atlas.jurisdictions:
            for d in r.atlas.dimensions:
                for view in VIEWS:
                    face, cell = views.face(j.id, d.id, view), views.cell(j.id, d.id, view)
                    same(face, cell)
                    differs += face.differs
    assert len(scenarios) > 2
    if source == SECTORS:
        assert differs  # the cells whose sectors differ are compared too
