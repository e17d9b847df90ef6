"""How to cite a page: plain text (APA style for a web page whose content changes; on a Chinese page, GB/T
7714-2015 for an electronic resource [EB/OL], as Chinese journals and theses cite), BibTeX and CSL-JSON.

Every page carries its citation, made here at build time with the page's address, the site's as-of
date and, as the access date, the build's date; static/cite.js puts in the address of the view the
reader built (filters, dates, choices) and today's date as the access date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.content.records import Site

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class Citation:
    text: str  # APA 7th edition, web page with a retrieval date (GB/T 7714 on a Chinese page: Citation.style)
    bibtex: str
    csl: str  # CSL-JSON, one item in a list
    accessed_text: str  # the access date as the plain text writes it, for cite.js to replace
    accessed_iso: str
    style: str = "apa"  # "apa", or "gbt7714" (its dates are ISO dates)


def _long(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


_BIBTEX_SPECIAL = re.compile(r"([{}%&$#_\\])")
_NOT_KEY = re.compile(r"[^a-z0-9]+")


class Citer:
    """Makes the citation of each page of one site as of one date; what every page shares is worked out once
    (a citation is made for every page, 10,000 briefs included)."""

    def __init__(self, site: Site, as_of: dt.date, accessed: dt.date):
        self.site, self.as_of, self.accessed = site, as_of, accessed
        author = site.author or site.title
        self.style = "gbt7714" if site.language.split("-")[0] == "zh" else "apa"
        if self.style == "gbt7714":  # author. title[EB/OL]. site, (published)[accessed]. URL.
            self._head = f"{author}. "
            self._tail = f"[EB/OL]. {site.title}, ({as_of.isoformat()})[{accessed.isoformat()}]. "
            self.accessed_text = accessed.isoformat()
        else:
            self._head = f"{author}. ({as_of.year}, {MONTHS[as_of.month - 1]} {as_of.day}). "
            self._tail = f". {site.title}. Retrieved {_long(accessed)}, from "
            self.accessed_text = _long(accessed)
        licence = "; " + _bibtex_escape(site.license) if site.license else ""
        self._bib_author = f"  author = {{{{{_bibtex_escape(author)}}}}},"
        self._bib_rest = (f"  howpublished = {{{_bibtex_escape(site.title)}}},\n  year = {{{as_of.year}}},\n"
                          f"  date = {{{as_of.isoformat()}}},")
        self._bib_end = f"  urldate = {{{accessed.isoformat()}}},\n  note = {{Data as of {as_of.isoformat()}{licence}}}\n}}"
        self._key_tail = f"-{as_of.isoformat()}"
        self._csl_rest = (f'    "container-title": {json.dumps(site.title, ensure_ascii=False)},\n'
                          f'    "author": [{{"literal": {json.dumps(author, ensure_ascii=False)}}}],\n'
                          f'    "issued": {{"date-parts": [[{as_of.year}, {as_of.month}, {as_of.day}]]}},\n'
                          f'    "accessed": {{"date-parts": [[{accessed.year}, {accessed.month}, {accessed.day}]]}},\n')
        self._csl_end = (f'    "note": "Data as of {as_of.isoformat()}"'
                         + (f',\n    "license": {json.dumps(site.license, ensure_ascii=False)}' if site.license else "")
                         + "\n  }\n]")
        self._site_key = _NOT_KEY.sub("-", site.title.lower()).strip("-")

    def __call__(self, title: str, url: str) -> Citation:
        """Return the citation of the page with this title at this address."""
        site = self.site
        if title == site.title:
            name = title
        elif self.style == "gbt7714":
            name = f"{title}（数据截至 {self.as_of.isoformat()}）"
        else:
            name = f"{title} (data as of {self.as_of.isoformat()})"
        key = (self._site_key + "-" + _NOT_KEY.sub("-", title.lower()).strip("-") + self._key_tail).replace("--", "-")
        text = self._head + name + self._tail + url + ("." if self.style == "gbt7714" else "")
        bibtex = (f"@misc{{{key},\n{self._bib_author}\n  title = {{{_bibtex_escape(name)}}},\n{self._bib_rest}\n"
                  f"  url = {{{url}}},\n{self._bib_end}")
        csl = (f'[\n  {{\n    "id": "{key}",\n    "type": "webpage",\n    "title": {json.dumps(name, ensure_ascii=False)},\n'
               f'{self._csl_rest}    "URL": {json.dumps(url, ensure_ascii=False)},\n{self._csl_end}')
        return Citation(text, bibtex, csl, self.accessed_text, self.accessed.isoformat(), self.style)


def citation(site: Site, title: str, url: str, as_of: dt.date, accessed: dt.date) -> Citation:
    """Return the citation of a page of the site as of `as_of`, accessed on `accessed`."""
    return Citer(site, as_of, accessed)(title, url)


# What cite.html is given in place of each page's own values: rendered once, then filled in page by page.
_SLOTS = {"title": "\x1ecite-title\x1e", "url": "\x1ecite-url\x1e", "text": "\x1ecite-text\x1e",
          "bibtex": "\x1ecite-bibtex\x1e", "csl": "\x1ecite-csl\x1e"}


_CUT = re.compile("\x1ecite-(title|url|text|bibtex|csl)\x1e")


class CiteBlock:
    """Renders templates/cite.html for every page: the template once per language, then each page's values put in.

    Rendering the block through Jinja for every page (10,000 briefs) took a third of a brief page's
    time; filling in five escaped values takes a few microseconds.
    """

    def __init__(self, env, citer: Citer):
        self.env, self.citer = env, citer
        self._pieces: list[str] | None = None  # the rendered template cut at the slots: text, slot, text, ...

    def __call__(self, title: str, url: str) -> Markup:
        if self._pieces is None:
            slot = Citation(_SLOTS["text"], _SLOTS["bibtex"], _SLOTS["csl"], self.citer.accessed_text,
                            self.citer.accessed.isoformat(), self.citer.style)
            html = self.env.get_template("cite.html").render(c=slot, title=_SLOTS["title"], url=_SLOTS["url"],
                                                            as_of=self.citer.as_of)
            self._pieces = _CUT.split(html)
        made = self.citer(title, url)
        values = {"title": title, "url": url, "text": made.text, "bibtex": made.bibtex, "csl": made.csl}
        pieces = self._pieces
        return Markup("".join(piece if i % 2 == 0 else escape(values[piece]) for i, piece in enumerate(pieces)))
