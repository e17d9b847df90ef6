"""Language tags as the site names them (BCP 47: zh-Hans) and as Babel and gettext do (zh_Hans).

Shared by content/ (which checks that site.yaml's languages are known) and site/ (dates, numbers, lists,
catalogs and map names in each language), which may not import each other's modules.
"""

from __future__ import annotations

import functools

from babel import Locale


def babel_name(code: str) -> str:
    """Return Babel's and gettext's name for a BCP 47 tag: zh-Hans -> zh_Hans (a catalog's folder too)."""
    return code.replace("-", "_")


@functools.lru_cache(maxsize=64)
def locale(code: str) -> Locale:
    """Return Babel's locale for a BCP 47 tag; raise babel.UnknownLocaleError or ValueError for one it does not know."""
    return Locale.parse(babel_name(code))
