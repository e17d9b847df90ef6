"""The templates' gettext (site/gettext.py) gives what Jinja's own newstyle i18n gives, only sooner."""

import gettext as stdlib_gettext

import jinja2
import pytest

from generator.site import gettext

TEMPLATES = [
    "{{ _('Plain') }}",
    "{{ _('100%% sourced') }}",
    "{{ _('Hello %(name)s', name=who) }}",
    "{% trans %}A <b>bold</b> claim{% endtrans %}",
    "{% trans name=who %}Written by {{ name }}{% endtrans %}",
    "{% trans count=n %}{{ count }} jurisdiction{% pluralize %}{{ count }} jurisdictions{% endtrans %}",
    "{{ ngettext('%(num)s page', '%(num)s pages', n) }}",
    "{% autoescape false %}{{ _('Hello %(name)s', name=who) }} {{ _('Plain') }}{% endautoescape %}",
    "{{ gettext('Plain') }}{{ _('Plain') }}{{ _('Plain') }}",
]


class Catalog(stdlib_gettext.NullTranslations):
    def gettext(self, message):
        return {"Plain": "Schlicht <i>", "Hello %(name)s": "Hallo %(name)s"}.get(message, message)

    def ngettext(self, singular, plural, n):
        return "ein Ding" if n == 1 else plural


def environments(catalog):
    jinjas = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    ours = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    if catalog is None:
        jinjas.install_null_translations(newstyle=True)
        gettext.install(ours, str, lambda s, p, n: s if n == 1 else p)
    else:
        jinjas.install_gettext_translations(catalog, newstyle=True)
        gettext.install(ours, catalog.gettext, catalog.ngettext)
    return jinjas, ours


@pytest.mark.parametrize("catalog", [None, Catalog()], ids=["null", "catalog"])
@pytest.mark.parametrize("source", TEMPLATES)
@pytest.mark.parametrize("n", [1, 3])
def test_same_output_as_jinjas_newstyle_gettext(catalog, source, n):
    jinjas, ours = environments(catalog)
    values = {"who": "<Ana & Bo>", "n": n}
    expected = jinjas.from_string(source).render(values)
    assert ours.from_string(source).render(values) == expected
    assert ours.from_string(source).render(values) == expected  # the second time, from what was kept


def test_underscore_is_gettext_itself():
    _, ours = environments(None)
    assert ours.globals["_"] is ours.globals["gettext"]
