"""The templates' autoescaping, writing each value's escaped text without making a Markup object of it.

Jinja compiles every `{{ value }}` of an autoescaped template to `escape(value)`, markupsafe's: a Python
call that makes a Markup object (another Python call, `Markup.__new__`) of the escaped text, only for it
to be joined into the page's text at once. A build of the benchmark's 10,000 briefs does that 6.3 million
times. Here the templates compile `{{ value }}` to `environment.escape_text(value)`, which returns the
same characters as a plain string: the output is the same, byte for byte, and a value that is already
HTML (its `__html__`: Markup, a macro's output) is written as it is, as markupsafe does.

Only the output of a value changes: what Jinja makes Markup elsewhere (a macro's result, a `{% set %}`
block, `{% trans %}` with its variables, the `|e` filter) stays markupsafe's. The code generator's
`_output_child_pre` is the hook Jinja's own native-types environment overrides to change the same call.

The same environment gives each template its globals as one dict rather than Jinja's ChainMap over its own
and the environment's (`make_globals`): each page's context is made from them, and each `{% from ... import
%}` compares their keys, in C for a dict and a Python call per key for a ChainMap (40 us of a brief page's
0.36 ms). It asks what Jinja asks anyway: that every global be set before a template loads.
"""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator

CACHE_PATTERN = "__policy_atlas_text_%s.cache"  # compiled code that calls escape_text: never loaded by plain Jinja


def _replaced(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
            .replace('"', "&#34;"))


try:  # markupsafe's own replacement of the five characters, in C, str to str (MarkupSafe 3.0 on): under half the time
    from markupsafe._speedups import _escape_inner as _escaped
except ImportError:  # an older MarkupSafe, or one without its compiled part: the same replacements, in Python
    _escaped = _replaced


def escape_text(value: Any) -> str:
    """Return `value` as HTML text, exactly as markupsafe.escape does, as a str (&, <, >, ' and " replaced)."""
    if type(value) is not str:
        html = getattr(value, "__html__", None)
        if html is not None:
            return html()
        value = str(value)
    return _escaped(value)


class TextEscaping(CodeGenerator):
    """Jinja's code generator, writing autoescaped output through `environment.escape_text`."""

    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_text(")
            if finalize.src is not None:
                self.write(finalize.src)
            return
        super()._output_child_pre(node, frame, finalize)


class Environment(jinja2.Environment):
    """A Jinja environment whose autoescaped templates write values with escape_text, with plain dicts of globals."""

    code_generator_class = TextEscaping
    escape_text = staticmethod(escape_text)

    def make_globals(self, d):
        """Return a template's globals as one dict, the environment's updated with the template's own, instead of
        Jinja's ChainMap over the two: every page's context is made from them (`dict(globals)`) and every `{% from
        ... import %}` subtracts their keys from a set, each in Python for a ChainMap (a call per key and page).
        The environment's globals are all set before a template loads (render.environment), as Jinja asks."""
        return {**self.globals, **(d or {})}
