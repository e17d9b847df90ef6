"""`cached(macro, *values)` in templates: a macro's output for the same values made once, as Hugo's partialCached.

A cell of the comparison shows the same way on many pages of one language: its badge, its rule and its
pending provisions on its dimension's page in each sector's view, on its jurisdiction's page and on the
side-by-side page. `{{ cached(cell_rule, cell) }}` renders the macro the first time a renderer's environment
shows that very cell, and hands back the same HTML after (the benchmark's 10,000 briefs: those three page kinds
about a quarter less of one process's rendering, the bytes unchanged). What a single page shows once (the
compare table's compact cells, whose public and private views are mostly other objects; a jurisdiction's
provisions "also in effect") is called directly: a cache entry that is never asked for again only holds memory
(13,000 entries and 7-8 million characters a language at 10,000 briefs).

An entry is keyed by the identity of the macro and of each value, and holds them, so no other object can
take their identity while it lasts: a value made anew (an edited record's cell) is a new entry. The
output must depend on the values alone, as a macro's does when it is imported without context (`{% from
"macros.html" import cell_rule %}`) and not given a `caller`: a macro imported `with context` sees the
page, and is a new object on every page anyway. The renderer empties its cache when it moves to another
atlas (render.Renderer.for_atlas: `serve` after an edit), whose views are all new objects.
"""

from __future__ import annotations

from typing import Callable


class MacroCache:
    """The template global `cached`: each (macro, values) rendered once, for one Jinja environment."""

    def __init__(self):
        self._made: dict[tuple[int, ...], tuple[str, Callable, tuple]] = {}

    def __call__(self, macro: Callable, *values: object) -> str:
        key = (id(macro), *map(id, values))
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = (macro(*values), macro, values)  # the objects kept: their ids stay theirs
        return found[0]

    def __len__(self) -> int:
        return len(self._made)

    def clear(self) -> None:
        self._made.clear()
