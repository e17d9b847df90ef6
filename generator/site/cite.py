"""How to cite a page: plain text (APA style, for a web page whose content changes), BibTeX and CSL-JSON.

Every page carries its citation, made here at build time with the page's address, the site's as-of
date and, as the access date, the build's date; static/cite.js puts in the address of the view the
reader built (filters, dates, choices) and today's date as the access date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from generator.content.records import Site

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class Citation:
    text: str  # APA 7th edition, web page with a retrieval date
    bibtex: str
    csl: str  # CSL-JSON, one item in a list
    accessed_text: str  # the access date as each format writes it, for cite.js to replace
    accessed_iso: str


def _long(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([{}%&$#_\\])", r"\\\1", text)


def citation(site: Site, title: str, url: str, as_of: dt.date, accessed: dt.date) -> Citation:
    """Return the citation of a page of the site as of `as_of`, accessed on `accessed`."""
    author = site.author or site.title
    name = title if title == site.title else f"{title} (data as of {as_of.isoformat()})"
    text = f"{author}. ({as_of.year}, {MONTHS[as_of.month - 1]} {as_of.day}). {name}. {site.title}. " \
           f"Retrieved {_long(accessed)}, from {url}"
    key = re.sub(r"[^a-z0-9]+", "-", f"{site.title} {title} {as_of.isoformat()}".lower()).strip("-")
    bibtex = "\n".join([
        f"@misc{{{key},", f"  author = {{{{{_bibtex_escape(author)}}}}},", f"  title = {{{_bibtex_escape(name)}}},",
        f"  howpublished = {{{_bibtex_escape(site.title)}}},", f"  year = {{{as_of.year}}},",
        f"  date = {{{as_of.isoformat()}}},", f"  url = {{{url}}},", f"  urldate = {{{accessed.isoformat()}}},",
        f"  note = {{Data as of {as_of.isoformat()}{'; ' + _bibtex_escape(site.license) if site.license else ''}}}",
        "}"])
    item = {"id": key, "type": "webpage", "title": name, "container-title": site.title,
            "author": [{"literal": author}], "issued": {"date-parts": [[as_of.year, as_of.month, as_of.day]]},
            "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]}, "URL": url,
            "note": f"Data as of {as_of.isoformat()}"}
    if site.license:
        item["license"] = site.license
    return Citation(text, bibtex, json.dumps([item], ensure_ascii=False, indent=2), _long(accessed),
                    accessed.isoformat())
