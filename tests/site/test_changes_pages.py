"""The change pages, the change sections of other pages and the Atom feeds of cell changes, on tests/sites/changes."""

import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import urldefrag

import feedparser
import pytest
from bs4 import BeautifulSoup

from generator.build import build
from site_trees import full_build, tree

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "sites" / "changes"
DAY = dt.date(2026, 11, 27)
BASE = "https://example.org/changes-atlas/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("changes") / "site"
    build(FIXTURE, out, DAY)
    return out


def soup(site, path):
    return BeautifulSoup((site / path).read_text(), "html.parser")


def rows(page, caption_start):
    """Return the text of each cell of each body row of the table whose caption starts so."""
    table = next(t for t in page.select("table") if t.caption.get_text(" ", strip=True).startswith(caption_start))
    return [[" ".join(c.get_text(" ", strip=True).split()) for c in tr.find_all(["th", "td"])]
            for tr in table.tbody.find_all("tr")]


def feed(site, path):
    parsed = feedparser.parse((site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_policy_page_says_what_it_changed(site):
    page = soup(site, "policies/un-reg/index.html")
    history = [li.get_text(" ", strip=True) for li in page.select("ol.timeline li")]
    assert history[0].endswith("Adopted, not yet in force") and "Changed" not in history[0]
    assert history[1].endswith("Changed 3 cells")  # in force: the union, Aland, Borduria
    assert [r[1:4] for r in rows(page, "Cells Union data regulation changed")] == [
        ["Aland", "Consent", "Notice only Aland data act"], ["Borduria", "Consent", "Not yet researched"],
        ["Union", "Consent", "Not yet researched"], ["Aland", "Police use", "Not yet researched"], ["Borduria", "Police use", "Not yet researched"],
        ["Union", "Police use", "Not yet researched"]]
    assert page.find(id="if-enacted") is None  # in force: nothing hypothetical


def test_repeal_and_striking_down_are_counted_on_their_events(site):
    aland = soup(site, "policies/aa-old/index.html").select("ol.timeline li")
    assert [li.get_text(" ", strip=True).rsplit(" ", 3)[-3:] for li in aland] == [
        ["Changed", "2", "cells"], ["Changed", "2", "cells"]]
    ban = soup(site, "policies/bb-ban/index.html")
    assert [r[0:1] + r[2:5] for r in rows(ban, "Cells Borduria police ban changed")] == [
        ["March 1, 2019", "Police use", "Restricted Union data regulation, via Union", "Banned Borduria police ban"],
        ["June 15, 2020", "Police use", "Banned Borduria police ban", "Restricted Union data regulation, via Union"]]


def test_pending_proposal_shows_what_it_would_change(site):
    page = soup(site, "policies/cc-bill/index.html")
    section = page.find(id="if-enacted")
    assert section is not None and "Hypothetical" in page.select_one(".hypothetical-note").get_text()
    assert rows(page, "Cells that would change if Carpania police bill") == [
        ["Carpania", "Police use", "Not yet researched", "Banned Carpania police bill hypothetical"]]
    assert all("hypothetical" in td["class"] for td in page.select("table.changes td.hypothetical"))
    union = rows(soup(site, "policies/un-bill/index.html"), "Cells that would change")
    assert [r[0] for r in union] == ["Aland", "Borduria", "Union"]


def test_jurisdiction_page_lists_its_changes_newest_first_and_links_its_feed(site):
    page = soup(site, "jurisdictions/cc/index.html")
    alternate = page.select_one('head link[rel="alternate"][href$="jurisdictions/cc/feed.xml"]')
    assert alternate["type"] == "application/atom+xml"
    assert [r[:2] for r in rows(page, "Cell changes in Carpania")] == [
        ["July 1, 2021", "Consent"], ["July 1, 2021", "Retention"], ["March 1, 2012", "Consent"],
        ["March 1, 2012", "Retention"]]


def test_timeline_counts_changes_and_lists_provision_start_dates(site):
    items = [li.get_text(" ", strip=True) for li in soup(site, "timeline/index.html").select("ol.events li")]
    assert "January 1, 2019 Provision applies Union data regulation ( Union ) Changed 3 cells" in items
    assert any(i.startswith("June 15, 2020 Struck down Borduria police ban") and i.endswith("Changed 1 cell")
               for i in items)


def test_year_page_shows_net_and_dated_changes(site):
    page = soup(site, "changes/2018/index.html")
    assert "4 cells held a different value on December 31, 2018 than on December 31, 2017." in page.get_text(" ")
    assert page.find(string=lambda t: t and "changed more than once" in t) is None
    steps = page.select("table.changes tbody tr[id]")
    assert [tr["id"] for tr in steps] == ["c-aa-consent-2018-05-25", "c-aa-retention-2018-05-25",
                                          "c-bb-consent-2018-05-25", "c-un-consent-2018-05-25"]
    # 2019: Borduria's police cell changed twice (the union's rule applied, then its own ban)
    page = soup(site, "changes/2019/index.html")
    assert "3 cells held a different value" in page.get_text(" ")
    assert rows(page, "Cells that changed more than once") == [
        ["Borduria", "Police use", "Not yet researched", "Banned Borduria police ban"]]
    assert len(rows(page, "Every cell change in 2019")) == 4
    assert len(rows(soup(site, "changes/2020/index.html"), "Every cell change in 2020")) == 1
    assert "No cell changed in 2015" in soup(site, "changes/2015/index.html").get_text()


def test_changes_index_counts_years(site):
    page = soup(site, "changes/index.html")
    counted = {r[0]: r[1] for r in rows(page, "Cell changes by year")}
    assert counted == {"2021": "2", "2020": "1", "2019": "4", "2018": "4", "2012": "2", "2010": "2"}
    assert page.select_one("form#changes-form")["data-years"].endswith("data/compare-years.json")


def test_feeds_parse_and_every_entry_points_at_its_row(site):
    entries = {}
    for path in ["jurisdictions/aa/feed.xml", "jurisdictions/bb/feed.xml", "compare/police/feed.xml",
                 "compare/consent/feed.xml"]:
        parsed = feed(site, path)
        assert parsed.feed.id == BASE + path and parsed.feed.title.endswith("Changes Atlas")
        assert any(link.rel == "self" and link.href == BASE + path for link in parsed.feed.links)
        assert parsed.feed.author and parsed.feed.updated == parsed.entries[0].updated
        dates = [e.updated for e in parsed.entries]
        assert dates == sorted(dates, reverse=True)
        for entry in parsed.entries:
            assert entry.id == entry.link and entry.title and entry.summary
            entries.setdefault(entry.id, set()).add(entry.title)
    assert all(len(titles) == 1 for titles in entries.values())  # one id, one change, in every feed
    police = feed(site, "compare/police/feed.xml")
    assert [e.title for e in police.entries] == [
        "Borduria, Police use: Banned → Restricted", "Borduria, Police use: Restricted → Banned",
        "Aland, Police use: Not yet researched → Restricted", "Borduria, Police use: Not yet researched → Restricted",
        "Union, Police use: Not yet researched → Restricted"]
    for entry_id in entries:
        page, fragment = urldefrag(entry_id)
        html = soup(site, page[len(BASE):] + "index.html")
        assert html.find(id=fragment) is not None, entry_id


def test_a_jurisdiction_with_no_change_has_a_valid_empty_feed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "jurisdictions" / "dd.yaml").write_text(
        "id: dd\nname: Dorland\nkind: country\nregion: elsewhere\nsummary: A test jurisdiction.\n")
    build(content, tmp_path / "site", DAY)
    parsed = feed(tmp_path / "site", "jurisdictions/dd/feed.xml")
    assert parsed.entries == [] and parsed.feed.updated.startswith(DAY.isoformat())


def test_feed_ids_are_the_same_in_every_build(site, tmp_path):
    build(FIXTURE, tmp_path / "again", DAY + dt.timedelta(days=30))  # a later build date
    for path in ["jurisdictions/aa/feed.xml", "compare/consent/feed.xml"]:
        assert [e.id for e in feed(site, path).entries] == [e.id for e in feed(tmp_path / "again", path).entries]


def test_a_scheduled_change_stays_out_of_the_feed_until_it_happens(tmp_path):
    early = dt.date(2018, 12, 1)  # the union's police rules apply from 1 January 2019
    build(FIXTURE, tmp_path / "site", early)
    titles = [e.title for e in feed(tmp_path / "site", "compare/police/feed.xml").entries]
    assert titles == []
    scheduled = rows(soup(tmp_path / "site", "changes/2019/index.html"), "Every cell change in 2019")
    assert all("Scheduled" in r[0] for r in scheduled) and len(scheduled) == 4


def test_editing_a_policy_rebuilds_every_page_its_changes_show_on(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    out = tmp_path / "site"
    build(content, out, DAY)
    ban = content / "policies" / "bb-ban.yaml"
    ban.write_text(ban.read_text().replace("2020-06-15", "2022-02-01"))
    build(content, out, DAY)
    assert tree(out) == full_build(content, tmp_path, DAY)
    reg = content / "policies" / "un-reg.yaml"  # seen on Aland's old act's page as the value after its repeal
    reg.write_text(reg.read_text().replace("value: explicit", "value: notice_only"))
    build(content, out, DAY)
    assert tree(out) == full_build(content, tmp_path, DAY)


# -- if enacted: the table, the maps and the data, all marked hypothetical ------------------------------
def test_the_whole_table_if_everything_passed_is_marked_in_every_cell(site):
    page = soup(site, "compare/if-enacted/index.html")
    cells = page.select("#what-if-table tbody td")
    assert len(cells) == 4 * 3 and all("hypothetical" in td["class"] for td in cells)
    assert all(td.select_one(".visually-hidden").get_text() == "Hypothetical: " for td in cells)
    assert all(td.select_one(".what-if-mark") for td in cells)
    changed = {(td.find_parent("tr")["data-j"], td.get_text(" ", strip=True)) for td in page.select("td.what-if-changed")}
    assert changed == {("aa", "Hypothetical: Fixed deadline if passed; now Not yet researched"),
                       ("bb", "Hypothetical: Fixed deadline if passed; now Not yet researched"),
                       ("un", "Hypothetical: Fixed deadline if passed; now Not yet researched"),
                       ("cc", "Hypothetical: Banned if passed; now Not yet researched")}
    assert "Hypothetical" in page.select_one("#what-if-table caption").get_text()


def test_one_proposal_shows_only_the_rows_it_changes(site):
    page = soup(site, "compare/if-enacted/cc-bill/index.html")
    assert [tr["data-j"] for tr in page.select("#what-if-table tbody tr")] == ["cc"]
    assert len(page.select("td.what-if-changed")) == 1
    assert page.find("a", string="Choose another pending policy, or all of them")["href"] == \
        "/changes-atlas/compare/if-enacted/"
    choices = [a["href"] for a in soup(site, "compare/if-enacted/index.html").select(".scenarios a")]
    assert choices == ["/changes-atlas/compare/if-enacted/cc-bill/", "/changes-atlas/compare/if-enacted/un-bill/"]


def test_the_hypothetical_map_says_so(site):
    page = soup(site, "compare/retention/if-enacted/index.html")
    svg = page.select_one("figure.hypothetical svg")
    assert svg.title.get_text().startswith("World map. Hypothetical, if every pending policy passed.")
    assert rows(page, "Cells of Retention that would change") == [
        ["Aland", "Not yet researched", "Fixed deadline Union retention proposal, via Union hypothetical"],
        ["Borduria", "Not yet researched", "Fixed deadline Union retention proposal, via Union hypothetical"],
        ["Union", "Not yet researched", "Fixed deadline Union retention proposal hypothetical"]]


def test_the_hypothetical_data_says_so_in_every_row(site):
    import csv
    import json
    with open(site / "data/if-enacted.csv", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert {r["hypothetical"] for r in table} == {"yes"}
    assert [(r["scenario"], r["jurisdiction_id"], r["dimension_id"], r["value_now_id"], r["value_if_enacted_id"])
            for r in table] == [
        ("all", "aa", "retention", "unknown", "fixed"), ("all", "bb", "retention", "unknown", "fixed"),
        ("all", "cc", "police", "unknown", "banned"), ("all", "un", "retention", "unknown", "fixed"),
        ("cc-bill", "cc", "police", "unknown", "banned"), ("un-bill", "aa", "retention", "unknown", "fixed"),
        ("un-bill", "bb", "retention", "unknown", "fixed"), ("un-bill", "un", "retention", "unknown", "fixed")]
    document = json.loads((site / "data/if-enacted.json").read_text())
    assert document["hypothetical"] is True and document["note"].startswith("Hypothetical")
    assert len(document["changes"]) == len(table) and all(c["hypothetical"] is True for c in document["changes"])


def test_sectors_apart_in_change_tables_feeds_and_if_enacted(tmp_path):
    """tests/sites/sectors: BIPA binds business only, and a pending bill would ban private face recognition."""
    out = tmp_path / "site"
    build(REPO / "tests" / "sites" / "sectors", out, DAY, base_url=BASE)
    page = soup(out, "jurisdictions/us-il/index.html")
    assert rows(page, "Cell changes in Illinois")[-1][:3] == ["October 3, 2008", "Consent (private sector)",
                                                              "Not yet researched"]
    titles = [e.title for e in feed(out, "jurisdictions/us-il/feed.xml").entries]
    assert "Illinois, Consent (private sector): Not yet researched → Explicit" in titles
    table = soup(out, "compare/if-enacted/index.html")
    oregon = table.select_one('#what-if-table tr[data-j="us-or"]')
    changed = [" ".join(td.get_text(" ", strip=True).split()) for td in oregon.select("td.what-if-changed")]
    assert changed == ["Hypothetical: Differs by sector. Public sector: Restricted if passed "
                       "Private sector: Banned if passed; now Not yet researched"]


def test_a_dimension_map_as_if_one_proposal_passed(site):
    """Each pending policy has the maps of the dimensions it has provisions on, as if it alone passed."""
    page = soup(site, "compare/police/if-enacted/cc-bill/index.html")
    assert page.h1.get_text(" ", strip=True) == "Police use, if Carpania police bill passed hypothetical"
    titles = [t.get_text() for t in page.select("svg > title")]
    assert titles and all("Hypothetical, if Carpania police bill passed." in t for t in titles)
    assert [" ".join(r[:3]) for r in rows(page, "Cells of Police use that would change")] == [
        "Carpania Not yet researched Banned Carpania police bill hypothetical"]
    choices = [a.get_text(strip=True) for a in page.select("nav.chips a, nav.chips strong")]
    assert choices[0] == "Every pending policy" and "Carpania police bill" in choices
    assert (site / "compare/consent/if-enacted/cc-bill/index.html").exists()  # a provision that changes nothing
    assert not (site / "compare/retention/if-enacted/cc-bill").exists()  # it has no provision on retention
    links = [a["href"] for a in soup(site, "policies/cc-bill/index.html").select("#if-enacted ~ p a")]
    assert "/changes-atlas/compare/police/if-enacted/cc-bill/" in links


def test_a_hypothesis_views_share_what_the_comparison_shares():
    """Views.over: a scenario's views reuse the actual views' cells wherever WhatIf left the cell as it was."""
    from generator.compare.changes import WhatIf, pending_policies
    from generator.compare.derive import derive
    from generator.content.load import load
    from generator.content.model import build_atlas
    from generator.site import urls
    from generator.site.views import Views

    content, _ = load(FIXTURE)
    atlas, _ = build_atlas(content, DAY, drafts=False)
    views = Views(atlas, derive(atlas), urls.Urls(BASE))
    pending = pending_policies(atlas)
    comparison, changes = WhatIf(atlas, views.comparison)(pending)
    assert changes
    hypothesis = views.over(comparison)
    changed = {(c.jurisdiction, c.dimension) for c in changes}
    for j in atlas.jurisdictions:
        for d in atlas.dimensions:
            cell, actual = hypothesis.cell(j.id, d.id), views.cell(j.id, d.id)
            if comparison.cells[(j.id, d.id)] is views.comparison.cells[(j.id, d.id)]:
                assert cell is actual
            if (j.id, d.id) in changed:
                assert cell.value != actual.value or cell.parts != actual.parts
    fresh = Views(atlas, comparison, urls.Urls(BASE))  # the same views as made from scratch
    assert [hypothesis.row(j) for j in atlas.jurisdictions] == [fresh.row(j) for j in atlas.jurisdictions]
