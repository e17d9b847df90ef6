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
