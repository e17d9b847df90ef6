"""Atom feeds of cell changes: one per jurisdiction (jurisdictions/<id>/feed.xml), one per dimension (compare/<id>/feed.xml).

An entry is one changed cell. Its id is the address of the change on its year's page
(changes/<year>/#c-<jurisdiction>-<dimension>-<date>), the same in every build and in both feeds
that carry it; its date is the day the new value held from. Scheduled changes (after the atlas's
date) are left out until they happen.
"""

from __future__ import annotations

from generator.site import urls
from generator.site.changeviews import ChangeView, ChangeViews
from generator.site.punctuation import Punctuation
from generator.site.views import CHANGES_OF, FEED_NOW, FEED_SUMMARY
from generator.site.xmltext import escape, quoteattr

FEED_SIZE = 50


def jurisdiction_feed(changes: ChangeViews, jurisdiction_id: str) -> bytes:
    """Return the Atom feed of the cell changes in one jurisdiction, newest first."""
    name = changes.atlas.jurisdiction[jurisdiction_id].name
    return _feed(changes, changes.views.translate(CHANGES_OF) % {"name": name}, urls.jurisdiction_feed(jurisdiction_id),
                 urls.jurisdiction(jurisdiction_id), changes.of_jurisdiction(jurisdiction_id, FEED_SIZE, done=True))


def dimension_feed(changes: ChangeViews, dimension_id: str) -> bytes:
    """Return the Atom feed of the cell changes on one dimension, newest first."""
    label = changes.atlas.dimension[dimension_id].label
    return _feed(changes, changes.views.translate(CHANGES_OF) % {"name": label}, urls.dimension_feed(dimension_id), urls.dimension(dimension_id),
                 changes.of_dimension(dimension_id, FEED_SIZE, done=True))


def _feed(changes: ChangeViews, title: str, self_path: str, page_path: str, rows: list[ChangeView]) -> bytes:
    links = changes.views.links
    site = changes.atlas.site
    entries = rows  # newest first, none scheduled
    marks = changes.views.marks
    updated = entries[0].iso if entries else changes.atlas.as_of.isoformat()
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(site.language)}>',
             f"<title>{escape(title)} · {escape(site.title)}</title>",
             f"<id>{escape(links.absolute(self_path))}</id>",
             f'<link rel="self" type="application/atom+xml" href={quoteattr(links.absolute(self_path))}/>',
             f'<link rel="alternate" type="text/html" href={quoteattr(links.absolute(page_path))}/>',
             f"<updated>{updated}T00:00:00Z</updated>",
             f"<author><name>{escape(site.author or site.title)}</name></author>"]
    for row in entries:
        url = links.base_url + row.url[len(links.base_path):]  # the row's link is root-relative
        parts += ["<entry>", f"<title>{escape(_title(row, changes.views.translate, marks))}</title>", f'<link rel="alternate" href={quoteattr(url)}/>',
                  f"<id>{escape(url)}</id>", f"<updated>{row.iso}T00:00:00Z</updated>",
                  f"<summary>{escape(_summary(row, changes.views.translate, marks))}</summary>", "</entry>"]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def _title(row: ChangeView, t, marks: Punctuation) -> str:
    place = f"{row.jurisdiction.text}{marks.comma}{row.dimension.text}"
    return marks.label_value(marks.aside(place, t(row.sector).lower()) if row.sector else place,
                             f"{row.before.label} → {row.after.label}")


def _summary(row: ChangeView, t, marks: Punctuation) -> str:
    because = marks.semicolon.join(
        marks.label_value(marks.aside(c.policy.text, c.jurisdiction.text),
                          f"{t(c.status).lower()}{marks.comma}{c.date}")
        for c in row.causes)
    rule = marks.aside("", row.after.policy.text) if row.after.policy else ""
    text = t(FEED_SUMMARY) % {"date": row.date, "before": row.before.label, "after": row.after.label, "rule": rule,
                              "causes": because}
    space = " " if marks.stop.endswith(" ") else ""  # none after a Chinese full stop
    return text + (space + t(FEED_NOW) % {"note": row.after.note} if row.after.note else "")
