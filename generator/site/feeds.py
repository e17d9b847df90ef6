"""Feeds for machines: the Atom feed, the sitemap and robots.txt."""

from __future__ import annotations

import heapq

from generator.site import urls
from generator.content.model import Atlas
from generator.site.plan import Page
from generator.site.punctuation import ENGLISH
from generator.site.views import Views, status_label
from generator.site.xmltext import escape, quoteattr

FEED_SIZE = 50


def newest_briefs(briefs) -> list:
    """Return the briefs an Atom feed can show: the FEED_SIZE newest by the date each was updated (or written), then
    address, as `atom` orders them; policy events take the place of some. The feed depends on these alone."""
    return heapq.nlargest(FEED_SIZE, briefs, key=lambda brief: ((brief.updated or brief.date).iso,
                                                                urls.brief(brief.slug)))


def atom(atlas: Atlas, views: Views) -> bytes:
    """Return an Atom feed of briefs and policy status changes up to the atlas date, newest first.

    In a further language's feed a status is in its words and marks (个人信息保护法：已生效), and a title or
    summary left in the default language says so (xml:lang), as the pages' <span lang> do."""
    candidates = [((brief.updated or brief.date).iso, views.links.absolute(urls.brief(brief.slug)), brief, None)
                  for brief in newest_briefs(atlas.briefs)]  # no other brief can be among the newest entries
    for policy in atlas.policies:
        url = views.links.absolute(urls.policy(policy.id))
        candidates.extend((event.date.iso, f"{url}#event-{event.index}", policy, event) for event in policy.history
                          if event.date.first <= atlas.as_of)
    # the newest by date, then address (unique): what sorting them all and keeping the first would give, without
    # sorting 14,000 entries nor writing the titles of those left out
    newest = heapq.nlargest(FEED_SIZE, candidates, key=lambda e: (e[0], e[1]))
    marks, t = views.marks or ENGLISH, views.translate
    entries = []
    for date, url, record, event in newest:
        if event is None:  # a brief
            entries.append((date, url, record.title, record.summary))
        else:
            status = t(status_label(record.type, event.status)).lower()
            title = marks.label_value(record.short_title or record.title, status)
            entries.append((date, url, title, event.note or record.summary))
    site = atlas.site
    updated = _timestamp(entries[0][0]) if entries else f"{atlas.as_of.isoformat()}T00:00:00Z"
    parts = ['<?xml version="1.0" encoding="utf-8"?>', f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(site.language)}>',
             f"<title>{escape(site.title)}</title>", f"<id>{escape(site.base_url)}</id>",
             f'<link rel="alternate" href={quoteattr(site.base_url)}/>',
             f'<link rel="self" href={quoteattr(views.links.absolute("feed.xml"))}/>',
             f"<updated>{updated}</updated>", f"<author><name>{escape(site.author or site.title)}</name></author>"]
    for date, url, title, summary in entries:
        parts += ["<entry>", f"<title{_lang(views, title)}>{escape(title)}</title>", f'<link href={quoteattr(url)}/>',
                  f"<id>{escape(url)}</id>", f"<updated>{_timestamp(date)}</updated>",
                  f"<summary{_lang(views, summary)}>{escape(summary)}</summary>", "</entry>"]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def _lang(views: Views, text: str) -> str:
    """Return ' xml:lang="en"' for a record's text left in the default language in a further language's feed."""
    lang = views.lang(text)
    return f" xml:lang={quoteattr(lang)}" if lang else ""


def _timestamp(iso: str) -> str:
    full = (iso + "-01-01")[:10] if len(iso) == 4 else (iso + "-01")[:10]
    return f"{full}T00:00:00Z"


def sitemap(pages: tuple[Page, ...], views: Views) -> bytes:
    """Return a sitemap of every HTML page except the 404 page."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in pages:
        if page.is_html and page.kind != "not_found":
            lines.append(f"<url><loc>{escape(views.links.absolute(page.site_path))}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(views: Views) -> bytes:
    """Return robots.txt allowing everything and naming the sitemap."""
    return f"User-agent: *\nAllow: /\nSitemap: {views.links.absolute('sitemap.xml')}\n".encode("utf-8")
