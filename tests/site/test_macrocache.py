"""The templates' `cached(macro, *values)`: a macro's output made once for the same objects, the pages unchanged."""

import datetime as dt
from pathlib import Path

import jinja2
import pytest

from generator.builds.full import load_and_plan, load_catalogs
from generator.compare.derive import derive
from generator.content.cache import ParseCache
from generator.site import render
from generator.site.macrocache import MacroCache
from generator.site.theme import find_theme

REPO = Path(__file__).resolve().parents[2]
SECTORS = REPO / "tests" / "sites" / "sectors"  # cells whose sectors differ: parts and contrasts
CELL_PAGES = ("dimension", "jurisdiction", "side_by_side")  # the pages whose templates use cached()


class Thing:
    def __init__(self, name):
        self.name = name


def test_a_macro_runs_once_for_the_same_objects_across_pages():
    calls = []
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "macros.html": "{% macro m(x, y='') %}{{ count(x.name) }}{{ x.name }}{{ y }}{% endmacro %}",
        "a.html": "{% from 'macros.html' import m %}{{ cached(m, a) }}|{{ cached(m, a) }}|{{ cached(m, b) }}",
        "b.html": "{% from 'macros.html' import m %}{{ cached(m, b) }}|{{ cached(m, a, '!') }}|{{ m(a) }}",
    }))
    env.globals.update(cached=MacroCache(), count=lambda name: calls.append(name) or "")
    a, b = Thing("a"), Thing("b")
    assert env.get_template("a.html").render(a=a, b=b) == "a|a|b"
    assert env.get_template("b.html").render(a=a, b=b) == "b|a!|a"
    assert calls == ["a", "b", "a", "a"]  # b once over both pages; (a, '!') is other values; m(a) is not cached
    assert len(env.globals["cached"]) == 3


def test_another_object_equal_to_a_cached_one_is_rendered_again():
    """Keyed by identity, not equality: an edited record's cell is a new object, and may print differently."""
    env = jinja2.Environment()
    env.globals["cached"] = MacroCache()
    template = env.from_string("{% macro m(x) %}{{ x.name }}{% endmacro %}{{ cached(m, x) }}")
    first = Thing("old")
    assert template.render(x=first) == "old"
    assert template.render(x=Thing("new")) == "new"
    env.globals["cached"].clear()
    assert len(env.globals["cached"]) == 0


def _renderer(source):
    atlas, pages, _, texts, _ = load_and_plan(source, dt.date(2026, 11, 27), False, ParseCache(None), 1)
    theme, _ = find_theme(atlas.site.theme, source, atlas.site.origin)
    return render.Renderer(atlas, derive(atlas), pages, theme, texts, load_catalogs(atlas, theme))


class Uncached:
    """What the cache stands for: the macro called every time."""

    def __call__(self, macro, *values):
        return macro(*values)

    def clear(self):
        pass


@pytest.mark.parametrize("source", [REPO / "content", SECTORS], ids=["shipped", "sectors"])
def test_the_cell_pages_are_the_same_bytes_with_the_cache_and_without(source, monkeypatch):
    """Every page that shows cells, in each view and language, rendered by one renderer (the cache filled by the
    pages before) equals the page rendered with the macros called every time."""
    cached = _renderer(source)
    pages = [page for page in cached.pages if page.kind in CELL_PAGES]
    with_cache = [cached.render(page) for page in pages]
    monkeypatch.setattr(render, "MacroCache", Uncached)
    uncached = _renderer(source)
    assert {page.kind for page in pages} == set(CELL_PAGES) and any(page.lang for page in pages) == (source != SECTORS)
    for page, data in zip(pages, with_cache):
        assert uncached.render(page) == data, page.output
    environments = [cached.env, *(edition.env for edition in cached.editions.values())]
    assert all(len(env.globals["cached"]) > 0 for env in environments)  # the shipped theme does use it


def test_a_renderer_for_another_atlas_empties_the_cache():
    """serve, after an edit: the old atlas's views are not kept alive by the cache (the environment is shared)."""
    renderer = _renderer(SECTORS)
    renderer.render(next(page for page in renderer.pages if page.kind == "dimension"))
    assert len(renderer.env.globals["cached"]) > 0
    other = renderer.for_atlas(renderer.atlas, renderer.comparison)
    assert other.env is renderer.env and len(renderer.env.globals["cached"]) == 0
