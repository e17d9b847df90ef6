"""The marks between a label and its value, and between the items of a list, in a page's language.

English writes "Status: in force" and "statute, regulation"; Chinese writes 状态：已生效 and 法律、法规, with
full-width marks and no space after them. The marks come from the theme's catalog as four messages a
translator sees with their slots, worked out once for each language (render.environment hands them to
the templates as `colon`, `comma`, `semicolon` and `stop`; jswords to the scripts).

The enumeration comma 、 joins items of one kind (types, places); a title and its pinpoint or publisher
(", Art. 28") keep ", ": the clause comma ， is not among these marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from generator.site.views import N_

LABEL_VALUE = N_("%(label)s: %(value)s")  # a label and its value: "Consent: explicit"
LIST_ITEMS = N_("%(item)s, %(next)s")  # the items of a plain list: "statute, regulation"
LIST_CLAUSES = N_("%(item)s; %(next)s")  # the items of a list whose items hold commas
SENTENCES = N_("%(sentence)s. %(next)s")  # two short sentences, one after the other
ASIDE = N_("%(text)s (%(aside)s)")  # a text and a word about it in brackets: "Law 21.719 (Chile)"
_MARK = re.compile(r"\W{1,2} ?")  # what a translation may put between the slots: a mark or two, perhaps a space
_BRACKET = re.compile(r"\W")  # what it may put after the aside


@dataclass(frozen=True)
class Punctuation:
    colon: str  # ": " or "："
    comma: str  # ", " or "、"
    semicolon: str  # "; " or "；"
    stop: str  # ". " or "。", between sentences
    aside_open: str = " ("  # "（" in Chinese: no space before it
    aside_close: str = ")"

    @property
    def colon_mark(self) -> str:
        """The colon without the space after it, for a label set apart from its value (a sector's tag)."""
        return self.colon.rstrip()

    def label_value(self, label: str, value: str) -> str:
        return f"{label}{self.colon}{value}"

    def aside(self, text: str, aside: str) -> str:
        """Return "text (aside)", or text（aside） in Chinese."""
        return f"{text}{self.aside_open}{aside}{self.aside_close}"


def punctuation(gettext: Callable[[str], str]) -> Punctuation:
    """Return the marks of the language whose catalog lookup is `gettext` (the English ones where it has none)."""
    def mark(message: str, first: str, second: str) -> str:
        english = message % {first: "", second: ""}
        try:
            found = gettext(message) % {first: "", second: ""}
        except (KeyError, TypeError, ValueError):  # a translation that lost its slots
            return english
        return found if _MARK.fullmatch(found) else english

    def brackets() -> tuple[str, str]:
        try:
            _, opening, closing = (gettext(ASIDE) % {"text": "\0", "aside": "\0"}).split("\0")
        except (KeyError, TypeError, ValueError):  # a translation that lost a slot, or moved one
            return " (", ")"
        return (opening, closing) if _MARK.fullmatch(opening) and _BRACKET.fullmatch(closing) else (" (", ")")
    return Punctuation(mark(LABEL_VALUE, "label", "value"), mark(LIST_ITEMS, "item", "next"),
                       mark(LIST_CLAUSES, "item", "next"), mark(SENTENCES, "sentence", "next"), *brackets())


ENGLISH = punctuation(str)
