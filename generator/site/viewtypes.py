"""The views templates see, as plain frozen dataclasses: links to records, sources, provisions and cells.

Views (views.py) builds them; every template and page module reads them, never the records' law.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.compare.derive import BOTH, KNOWN


def in_language(text: str, lang: str) -> Markup:
    """Return `text` escaped in a <span lang>: a screen reader reads it in that language's voice."""
    return Markup(f'<span lang="{lang}">{escape(text)}</span>')


@dataclass(frozen=True)
class Ref:
    """A link to a record: its id, the text to show and where it lives."""

    id: str
    text: str
    url: str
    lang: str = ""  # set when the text is in another language than the page (an untranslated record)

    @property
    def attrs(self) -> Markup:
        """Return ' lang="en" hreflang="en"' for a link to an untranslated record, else nothing."""
        return Markup(f' lang="{self.lang}" hreflang="{self.lang}"') if self.lang else Markup("")

    @functools.cached_property  # a record's link is made once and shown on many pages
    def marked(self) -> Markup:
        """Return the text escaped, in a <span lang> where it is in another language than the page (a name put
        into a translated sentence)."""
        return in_language(self.text, self.lang) if self.lang else escape(self.text)


@dataclass(frozen=True)
class SourceView:
    id: str
    title: str
    publisher: str
    url: str
    date: str
    accessed: str
    kind: str  # official, secondary, news, company, ngo or academic
    kind_label: str  # "Official text"
    kind_word: str  # "official", for narrow places
    lang: str = ""  # the title's language where it is not the page's (a source's own, else the default language)


@dataclass(frozen=True)
class LayerView:
    """A provision as it bears on a cell."""

    policy: Ref
    jurisdiction: Ref
    inherited: bool
    value: str
    value_label: str
    css: str
    note: str
    status: str
    since: str
    source: SourceView
    pinpoint: str
    anchor: str  # link to the provision on the policy page
    sector: str  # the sector the provision binds: public, private or both
    sector_label: str  # "" when it binds both


@dataclass(frozen=True)
class CellView:
    """One comparison cell: a labelled, coloured badge with its provenance.

    In the view of all sectors, a cell whose public and private sectors rest on different provisions
    has `parts`, one view for each sector, and no value, winner or layers of its own.
    """

    jurisdiction: Ref
    dimension: Ref
    value: str  # a value id; NOT_RESEARCHED_VALUE; for a cell with parts, theirs separated by a space
    label: str
    description: str
    css: str
    rank: int
    winner: LayerView | None
    others: tuple[LayerView, ...]
    pending: tuple[LayerView, ...]
    sector: str = BOTH  # public or private when this is one sector's cell; both otherwise
    sector_label: str = ""  # "Public sector" or "Private sector" for one sector's cell (templates translate it)
    sector_word: str = ""  # "Public" or "Private", where space is short
    status: str = KNOWN  # KNOWN, UNKNOWN or NOT_RESEARCHED ("" for a cell with parts)
    parts: tuple[CellView, ...] = ()  # the public and the private sector's cells, when they differ
    differs: bool = False  # parts with different values
    contrast: CellView | None = None  # in one sector's view: the other sector's cell, where its value differs

    @property
    def official(self) -> bool:
        """Whether the cell rests on official text (its provision cites a source of kind official)."""
        return self.winner is not None and self.winner.source.kind == "official"


@dataclass(frozen=True)
class Glance:
    """What a map or a count of values shows of a cell: CellView's fields of the same names, without provenance.

    A map of a hypothetical comparison needs the value of every cell, but no provision's view:
    glances cost a fraction of cells (see Views.glance).
    """

    value: str
    label: str
    css: str
    status: str
    sector_label: str = ""
    parts: tuple["Glance", ...] = ()
    differs: bool = False
