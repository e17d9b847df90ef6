"""Corrections: every cell's prefilled "suggest a correction" link, and the corrections log as a page and an Atom feed."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from urllib.parse import quote

from babel.lists import format_list

from generator.content.model import Atlas
from generator.content.records import Correction
from generator.hashing import digest
from generator.locales import babel_name
from generator.site import urls
from generator.site.views import CORRECTION, CORRECTION_OF, CORRECTIONS, Ref, Views
from generator.site.xmltext import escape, quoteattr

FEED_SIZE = 50


def correction_url(channel: str, jurisdiction: str, dimension: str, value: str, as_of: dt.date, page: str) -> str:
    """Return a link that opens a prefilled report at the site's corrections channel, or '' if it has none.

    An e-mail address gives a mailto: link; any other channel is a new-issue address that takes
    `title` and `body` parameters (GitHub, GitLab, Gitea and Forgejo all do). The parameters are
    what urlencode gives (spaces as %20), each piece quoted once a build: quoting is done a character at a
    time, and the same names and pages come back on every cell (2 us a link instead of 17, 18,000 links at
    10,000 briefs).
    """
    if not channel:
        return ""
    title = ("Correction: ", jurisdiction, ", ", dimension)
    body = ("Jurisdiction: ", jurisdiction, "\nDimension: ", dimension, "\nValue shown: ", value, "\nAs of: ",
            as_of.isoformat(), "\nPage: ", page, "\n\nWhat should it say, and what is the source?\n")
    if "@" in channel and not channel.startswith("https://"):
        return f"mailto:{channel}?subject={_quoted(*title)}&body={_quoted(*body)}"
    return f"{channel}{'&' if '?' in channel else '?'}title={_quoted(*title)}&body={_quoted(*body)}"


def _quoted(*pieces: str) -> str:
    return "".join(map(_quote, pieces))


@functools.lru_cache(maxsize=4096)
def _quote(text: str) -> str:
    return quote(text, safe="")


@dataclass(frozen=True)
class CorrectionView:
    id: str  # its anchor, the same in every build while its date and summary stay the same
    date: str
    iso: str
    summary: str
    about: tuple[Ref, ...]  # the jurisdiction, dimension and policy it names
    reported_by: str


def anchor(correction: Correction) -> str:
    return f"correction-{correction.written}-{digest(correction.summary)[:8]}"


def entries(atlas: Atlas, views: Views) -> list[CorrectionView]:
    """Return the corrections log, newest first (the order written among those of one date)."""
    found = []
    for c in sorted(atlas.site.corrections, key=lambda c: c.date.first if c.date else dt.date.min, reverse=True):
        about = ([views.jurisdiction_ref(c.jurisdiction)] if c.jurisdiction else []) + \
                ([views.dimension_ref(c.dimension)] if c.dimension else []) + \
                ([views.policy_ref(c.policy)] if c.policy else [])
        found.append(CorrectionView(anchor(c), views.date(c.date) if c.date else c.written, c.date.iso if c.date else "",
                                    c.summary, tuple(about), c.reported_by))
    return found


def page(atlas: Atlas, views: Views) -> dict:
    """Return the context of /corrections/."""
    return {"title": "Corrections", "corrections": entries(atlas, views), "channel": atlas.site.corrections_channel,
            "feed": views.link(urls.corrections_feed())}


def feed(atlas: Atlas, views: Views) -> bytes:
    """Return the Atom feed of the corrections log, newest first."""
    site, links = atlas.site, views.links
    rows = entries(atlas, views)[:FEED_SIZE]
    page_url = links.absolute(urls.corrections())
    updated = (rows[0].iso if rows and rows[0].iso else atlas.as_of.isoformat())
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(site.language)}>',
             f"<title>{escape(views.translate(CORRECTIONS))} · {escape(site.title)}</title>",
             f"<id>{escape(links.absolute(urls.corrections_feed()))}</id>",
             f'<link rel="self" type="application/atom+xml" href={quoteattr(links.absolute(urls.corrections_feed()))}/>',
             f'<link rel="alternate" type="text/html" href={quoteattr(page_url)}/>',
             f"<updated>{_stamp(updated)}</updated>", f"<author><name>{escape(site.author or site.title)}</name></author>"]
    for row in rows:
        about = format_list([ref.text for ref in row.about], locale=babel_name(site.language)) if row.about else ""
        title = views.translate(CORRECTION_OF) % {"about": about} if about else views.translate(CORRECTION)
        parts += ["<entry>", f"<title>{escape(title)}</title>",
                  f'<link rel="alternate" href={quoteattr(f"{page_url}#{row.id}")}/>',
                  f"<id>{escape(f'{page_url}#{row.id}')}</id>", f"<updated>{_stamp(row.iso or updated)}</updated>",
                  f"<summary>{escape(row.summary)}</summary>", "</entry>"]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def _stamp(iso: str) -> str:
    full = iso + "-01-01" if len(iso) == 4 else iso + "-01" if len(iso) == 7 else iso
    return f"{full}T00:00:00Z"
