"""Dates as a page's readers write them: every date a page shows goes through Babel in the page's
language, so that one page never mixes "3 October 2008" with "October 3, 2008", and the Chinese edition
writes 2008年10月3日 in its own sentences (the `language` of site.yaml decides: en writes October 3, 2008,
en-GB 3 October 2008, fr 3 octobre 2008)."""

from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date, format_skeleton

from generator.dates import PartialDate
from generator import locales

_SKELETONS = {"year": "y", "month": "yMMMM", "day": "yMMMMd"}


def partial(date: PartialDate | None, code: str) -> str:
    """Return a partial date (2021, 2021-03 or 2021-03-04) as readers of language `code` write it; "" for None."""
    return _partial(date.first, date.precision, code) if date is not None else ""


@functools.lru_cache(maxsize=8192)
def day(when: dt.date, code: str, form: str = "long") -> str:
    """Return a day in one of Babel's forms (the templates' format_date). Cached: the change log formats the
    same few thousand days on every row."""
    return format_date(when, form, locale=locales.locale(code))


@functools.lru_cache(maxsize=8192)
def _partial(first: dt.date, precision: str, code: str) -> str:
    """Cached: a list of 10,000 briefs formats the same few hundred dates."""
    return format_skeleton(_SKELETONS[precision], first, locale=locales.locale(code))

