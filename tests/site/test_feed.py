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


def _front(path, field: str, value: str) -> None:
    import yaml

    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    data[field] = value
    path.write_text(f"---\n{yaml.safe_dump(data, sort_keys=False, allow_unicode=True)}---\n{body}", encoding="utf-8")


def test_the_feeds_depend_on_the_newest_briefs_alone(mini, tmp_path, day, monkeypatch):
    """A summary edited outside the newest briefs leaves the feeds as they are (not rendered); inside, they show it;
    an update date that changes which briefs are the newest takes the full way. Each build equals a full one."""
    from generator.site import render
    from site_trees import full_build, tree

    monkeypatch.setattr(feeds, "FEED_SIZE", 3)
    add_briefs(mini)
    out, rendered = tmp_path / "site", []
    atlas = build(mini, out, day).atlas
    newest = [brief.slug for brief in feeds.newest_briefs(atlas.briefs)]
    old = next(brief.slug for brief in atlas.briefs if brief.slug not in newest and not brief.updated)
    real = render.Renderer.render_with_body
    monkeypatch.setattr(render.Renderer, "render_with_body", lambda self, page: (rendered.append(page.output),
                                                                                 real(self, page))[1])
    cases = ((old, "summary", "An old brief, summarised again.", "edited", False, "A new brief"),
             (newest[0], "summary", "A new brief, summarised again.", "edited", True, "An old brief"),
             (old, "updated", "2000-01-01", "edited", False, "An old brief"),  # still not among the newest
             (old, "updated", "2026-01-01", "full", True, ""))  # among them now
    for slug, field, value, way, feed, absent in cases:
        rendered.clear()
        _front(mini / f"briefs/{slug}.md", field, value)
        assert build(mini, out, day).way == way, (slug, field, value)
        assert ("feed.xml" in rendered) == feed, (slug, field, value)
        assert tree(out) == full_build(mini, tmp_path, day)
        shown = (out / "feed.xml").read_text(encoding="utf-8")
        assert (absent not in shown) if absent else ("An old brief" in shown and "A new brief" in shown)
