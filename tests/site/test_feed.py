"""The site's Atom feed: the newest FEED_SIZE briefs and policy status changes up to the atlas's date, newest first
(by date, then address), each brief by its update date if it has one."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from generator.build import build
from generator.site import feeds

ATOM = "{http://www.w3.org/2005/Atom}"


# Dated to fall among the policies' status changes (2008-2021) and to tie with two of them on 2018-05-25 (eu-law's
# entry into force, fr-old-law's repeal): the feed's cut falls inside that tie, where the address decides.
BRIEFS = {"added-a": "date: 2018-05-25", "added-b": "date: 2018-05-25", "added-c": "date: 2019-01-01",
          "added-d": "date: 2011-01-01\nupdated: 2021-08-01", "added-e": "date: 2012-01-01"}


def add_briefs(mini) -> None:
    for slug, dates in BRIEFS.items():
        (mini / f"briefs/{slug}.md").write_text(f"---\ntitle: Added {slug}\n{dates}\nsummary: A brief.\n---\nText.\n")


def test_the_feed_holds_the_newest_entries_newest_first(mini, tmp_path, day, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 8)  # fewer than the briefs and events: the cut is tested
    add_briefs(mini)
    out = tmp_path / "site"
    result = build(mini, out, day, search=False)
    atlas, base = result.atlas, result.atlas.site.base_url.rstrip("/")
    every = [((b.updated or b.date).iso, f"{base}/briefs/{b.slug}/") for b in atlas.briefs]
    every += [(e.date.iso, f"{base}/policies/{p.id}/#event-{e.index}") for p in atlas.policies for e in p.history
              if e.date.first <= atlas.as_of]
    assert len(every) > 8
    expected = [url for _, url in sorted(every, reverse=True)[:8]]
    entries = ElementTree.parse(out / "feed.xml").getroot().findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}link").get("href") for entry in entries] == expected
    assert expected[2] == f"{base}/briefs/added-d/"  # by its update, 2021-08-01, not its date
    assert expected[7] == f"{base}/policies/fr-old-law/#event-1"  # of the four on 2018-05-25, the last address
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert all(titles)
