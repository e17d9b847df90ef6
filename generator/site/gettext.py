"""The templates' gettext: Jinja's newstyle i18n callables, minus the indirection they pay on every call.

Jinja's i18n extension installs `_` as an alias that looks `gettext` up in the context and calls it
through the context, and `gettext` calls the catalog through the context again: three runtime calls
for every translated phrase, some 70 a page. Here `_` is `gettext` itself and the catalog is called
directly. A phrase without variables is formatted once and kept (the result is an immutable Markup).
What comes out is exactly what Jinja's own newstyle callables give: the text is always treated as a
format string (so "%%" is "%"), and under autoescaping it is Markup and its variables are escaped.
"""

from __future__ import annotations

from typing import Any, Callable

import jinja2
from markupsafe import Markup


def install(env: jinja2.Environment, gettext: Callable[[str], str],
            ngettext: Callable[[str, str, int], str]) -> None:
    """Install `_`, `gettext` and `ngettext` for these catalog lookups into `env` (which has jinja2.ext.i18n)."""
    plain: dict[tuple[str, bool], str] = {}  # (phrase, autoescape) -> the formatted phrase, for calls without variables

    @jinja2.pass_eval_context
    def translate(eval_ctx, string: str, **variables: Any) -> str:
        if not variables:
            key = (string, eval_ctx.autoescape)
            found = plain.get(key)
            if found is None:
                text = gettext(string)
                found = plain[key] = (Markup(text) if eval_ctx.autoescape else text) % {}
            return found
        text = gettext(string)
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    @jinja2.pass_eval_context
    def translate_plural(eval_ctx, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = ngettext(singular, plural, num)
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    env.newstyle_gettext = True  # how the i18n extension compiles {% trans %} blocks: variables as keywords
    env.globals.update(_=translate, gettext=translate, ngettext=translate_plural)
