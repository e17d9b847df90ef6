"""The templates' autoescaping through escape_text: the same text as markupsafe's escape, without a Markup per value
(the shipped site and the golden sites check whole pages)."""

import jinja2
import pytest
from markupsafe import Markup, escape

from generator.site import escaping


class Shown:
    def __html__(self):
        return "<b>already HTML</b>"


class Label(str):
    pass


@pytest.mark.parametrize("value", [
    "plain", "", "A & B <c> 'd' \"e\" &amp;", "生物识别信息 <处理>", Markup("<i>kept</i> &amp;"), Shown(),
    Label("x<y"), 12, 3.5, None, True, ["a<b"],
])
def test_escape_text_gives_what_markupsafe_gives_as_a_plain_string(value):
    assert escaping.escape_text(value) == str(escape(value))
    assert type(escaping.escape_text(value)) is str or isinstance(value, (Markup, Shown))


@pytest.mark.parametrize("text", ["plain", "", "A & B <c> 'd' \"e\" &amp;", "生物识别信息 <处理>", "&" * 300 + "é😀"])
def test_markupsafes_c_replacement_and_the_python_one_agree(text):
    """escape_text replaces the five characters with markupsafe's C function where there is one, else in Python."""
    assert escaping._escaped(text) == escaping._replaced(text) == str(escape(text))


TEMPLATE = """{% macro cell(c) %}<td title="{{ c.title }}">{{ c.label }}</td>{% endmacro %}
{% set block %}<p>{{ words }}</p>{% endset %}
{% for c in cells %}{{ cell(c) }}{{ c.label ~ "&" }}{% endfor %}{{ block }}{{ marked }}{{ 3 }}{{ "<const>" }}
{% trans name=words %}Hello {{ name }} & more{% endtrans %} {{ _("a < b") }}
{% autoescape false %}{{ words }}{% endautoescape %}{% autoescape flag %}{{ words }}{% endautoescape %}
"""
VALUES = {"cells": [{"title": 'say "hi"', "label": "<x> & 'y'"}, {"title": "t", "label": Markup("<em>ok</em>")}],
          "words": "fish & <chips>", "marked": Markup("<strong>safe</strong>"), "flag": True}


def test_a_template_writes_the_same_page_through_escape_text_as_through_jinjas_own_escaping():
    def render(environment_class):
        env = environment_class(autoescape=True, extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined)
        env.install_null_translations(newstyle=True)
        return env, env.from_string(TEMPLATE).render(VALUES)

    ours, page = render(escaping.Environment)
    assert page == render(jinja2.Environment)[1]
    assert "&lt;x&gt; &amp; &#39;y&#39;" in page and "fish & <chips>" in page  # escaped, and not where it is off
    compiled = ours.compile(TEMPLATE, raw=True)
    assert "environment.escape_text(" in compiled and "escape(" not in compiled.replace("escape_text(", "")


def test_an_undefined_value_still_fails_loudly():
    env = escaping.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_a_templates_globals_are_one_dict_of_its_own_over_the_environments():
    env = escaping.Environment(autoescape=True)
    env.globals.update(x="env", z="env")
    template = env.from_string("{{ x }} {{ y }} {{ z }}", globals={"x": "own", "y": "own"})
    assert template.render() == "own own env"
    assert (env.globals["x"], "y" in env.globals) == ("env", False)  # the template's own stay its own
    assert type(template.globals) is dict  # not Jinja's ChainMap, whose keys each page would walk in Python


def test_every_global_of_the_shipped_theme_is_set_before_a_template_loads():
    """A template keeps the globals its environment had when it loaded (Environment.make_globals): one set
    later would be missing from it. Every kind of page of the shipped site, in each language."""
    import datetime as dt
    from pathlib import Path

    from generator.builds.full import load_and_plan, load_catalogs
    from generator.compare.derive import derive
    from generator.content.cache import ParseCache
    from generator.site.render import Renderer
    from generator.site.theme import find_theme

    source = Path(__file__).resolve().parents[2] / "content"
    atlas, pages, _, texts, _ = load_and_plan(source, dt.date(2026, 11, 27), False, ParseCache(None), 1)
    theme, _ = find_theme(atlas.site.theme, source, atlas.site.origin)
    renderer = Renderer(atlas, derive(atlas), pages, theme, texts, load_catalogs(atlas, theme))
    for page in {(page.kind, page.lang): page for page in pages}.values():
        renderer.render_with_body(page)
    environments = [renderer.env] + [edition.env for edition in renderer.editions.values()]
    loaded = [(env, template) for env in environments for template in env.cache.values()]
    assert len(loaded) > 40 and len(environments) == 2
    for env, template in loaded:
        assert template.globals == env.globals, template.name
