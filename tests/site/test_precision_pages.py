"""The pages and data of tests/sites/sectors: sectors side by side and one at a time, what each cell rests on,
research status, official text and original titles."""

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build
from generator.site.search import indexed

SITE = Path(__file__).resolve().parents[1] / "sites" / "sectors"
DAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sectors")
    shutil.copytree(SITE, root / "content")
    build(root / "content", root / "site", DAY)
    return root / "site"


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(), "html.parser")


def cell(page: BeautifulSoup, jurisdiction: str, dimension: str):
    """Return the compare table's cell of a jurisdiction and dimension."""
    heads = [th.get("data-dimension") for th in page.select("#compare-table thead tr:nth-of-type(2) th")]
    row = page.select_one(f'#compare-table tbody tr[data-j="{jurisdiction}"]')
    return row.find_all(["th", "td"], recursive=False)[heads.index(dimension)]


def text(tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def shown(tag, separator=" ") -> str:
    """The text a sighted reader sees: without the words only screen readers get."""
    tag = BeautifulSoup(str(tag), "html.parser")
    for hidden in tag.select(".visually-hidden"):
        hidden.extract()
    return " ".join(tag.get_text(separator).split())


def test_a_page_per_sector_for_the_table_and_each_dimension_that_can_differ(site):
    for view in ("", "public/", "private/"):
        assert (site / f"compare/{view}index.html").is_file()
        assert (site / f"compare/consent/{view}index.html").is_file()
        assert (site / f"compare/face_recognition/{view}index.html").is_file()
    assert not (site / "compare/oversight/public").exists()  # by_sector: false: one answer for every sector
    assert "One answer for each jurisdiction" in text(soup(site, "compare/oversight"))
    assert (site / "research/index.html").is_file()


@pytest.mark.parametrize("page, current", [("compare", "All sectors"), ("compare/public", "Public sector"),
                                           ("compare/face_recognition/private", "Private sector")])
def test_the_sector_switch_is_links_with_the_current_one_marked(site, page, current):
    links = soup(site, page).select("nav.sector-switch a")
    assert [a.get_text() for a in links] == ["All sectors", "Public sector", "Private sector"]
    assert [a.get_text() for a in links if a.get("aria-current") == "page"] == [current]
    for a in links:
        assert (site / a["href"].lstrip("/") / "index.html").is_file()


def test_all_sectors_shows_each_sector_where_they_differ(site):
    page = soup(site, "compare")
    td = cell(page, "us-il", "consent")
    assert td["data-value"] == "notice_only explicit" and "differs" in td["class"]
    public, private = td.select(":scope > .part")
    assert (public["data-sector"], private["data-sector"]) == ("public", "private")
    assert shown(public) == "Public: Notice only official via US"
    assert public.select_one("a.badge")["href"] == "/policies/us-federal-act/#provision-consent-public"
    assert private.select_one("a.badge")["href"] == "/policies/us-il-bipa/#provision-consent-private"
    # A cell every provision of which binds both sectors is one cell.
    td = cell(page, "mx", "consent")
    assert td["data-value"] == "explicit" and not td.select(".part") and not td.get("class")


def test_provision_anchors_exist_on_policy_pages(site):
    ids = {tag["id"] for tag in soup(site, "policies/us-or-portland-bans").find_all(id=True)}
    assert {"provision-face_recognition-public", "provision-face_recognition-private"} <= ids
    dt_public = soup(site, "policies/us-or-portland-bans").find(id="provision-face_recognition-public")
    assert "Public sector only" in text(dt_public)


def test_one_sector_at_a_time_says_where_the_other_differs(site):
    td = cell(soup(site, "compare/public"), "us-il", "consent")
    assert td["data-value"] == "notice_only" and not td.select(".part")
    assert text(td.select_one(".contrast")) == "≠ Differs in the Private sector: Explicit"
    td = cell(soup(site, "compare/private"), "us-il", "consent")
    assert td["data-value"] == "explicit" and text(td.select_one(".contrast")).endswith("Public sector: Notice only")
    # Where one rule binds both sectors, no mark.
    assert not cell(soup(site, "compare/public"), "mx", "consent").select(".contrast")


def test_a_proposal_on_one_sector_is_pending_only_there(site):
    private = cell(soup(site, "compare/private"), "us-or", "face_recognition")
    assert private["data-value"] == "-" and private.select_one("span.badge.not-researched")
    assert text(private.select_one(".pending-mark")) == "+1 pending"
    public = cell(soup(site, "compare/public"), "us-or", "face_recognition")
    assert public["data-value"] == "restricted" and not public.select(".pending-mark")


def test_each_cell_says_what_its_source_is_with_the_pinpoint(site):
    page = soup(site, "compare")
    src = cell(page, "mx", "consent").select_one("a.src")
    assert "src-official" in src["class"] and src["title"] == "Official text: LFPDPPP, Art. 9"
    src.span.extract()
    assert src.get_text() == "official"
    oversight = cell(page, "us", "oversight").select_one("a.src")
    oversight.span.extract()
    assert oversight.get_text() == "news"
    rule = soup(site, "compare/consent").select_one('td a:not(.badge)[href="/policies/mx-lfpdppp/#provision-consent"]').parent
    assert "Art. 9" in text(rule) and text(rule.select_one(".kind")) == "Official text"


def test_not_yet_researched_is_drawn_apart_from_unknown(site):
    page = soup(site, "compare/face_recognition")
    legend = [text(dt_) for dt_ in page.select("dl.legend dt")]
    assert legend[-2:] == ["Differs by sector 4 jurisdictions", "Not yet researched 1 jurisdiction"]
    assert "Unknown 0 jurisdictions" in legend
    world = page.select("figure.map svg")[0]
    mexico = world.find("a", attrs={"data-key": "mx"}).find(["path", "use"])
    assert {"not-researched", "pattern-hatch"} <= set(mexico["class"])
    us = world.find("a", attrs={"data-key": "us"})
    assert {"sector-differs", "pattern-checks"} <= set(us.find(["path", "use"])["class"])
    assert us["aria-label"] == "United States: Public sector: Restricted; Private sector: Not yet researched"
    labels = [t.get_text() for t in world.select("g.legend text")]
    assert labels[-3:] == ["Differs by sector", "Not yet researched", "Not in the atlas"]
    public = soup(site, "compare/face_recognition/public").select("figure.map svg")[0]
    assert "v-face_recognition-restricted" in public.find("a", attrs={"data-key": "us"}).find(["path", "use"])["class"]
    assert "Differs by sector" not in [t.get_text() for t in public.select("g.legend text")]


def test_research_shares_on_home_compare_and_research_pages(site):
    # 5 jurisdictions x (2 sectors x 2 dimensions + 1 dimension with one answer) = 25 cells: worked out by hand
    # from the fixture, 16 answered (10 of them, with the undetermined one, on official text), 1 undetermined, 8 not.
    line = ("Of 25 cells (one per jurisdiction, dimension and sector): 64% answered, 4% researched but undetermined, "
            "and 32% not yet researched. 59% of the researched cells rest on official text.")
    for page in ("", "compare", "compare/private"):
        assert line in " ".join(soup(site, page).select_one(".research-line").get_text().split()), page
    research = soup(site, "research")
    rows = {text(tr.th): [text(td) for td in tr.find_all("td")] for tr in research.select("table.research-shares tr")
            if tr.th and tr.find("td")}
    assert rows["Researched, resting on official text"] == ["10 of 17", "59%"]
    assert rows["Not yet researched"] == ["8", "32%"] and rows["All cells"] == ["25", "100%"]


def test_the_research_to_do_list(site):
    page = soup(site, "research")
    assert text(page.find(id="secondary")) == "Resting on no official text (7 cells)"
    rows = [[shown(cell, "") for cell in tr.find_all(["th", "td"])] for tr in page.select("#secondary + p + div tbody tr")]
    assert rows == [  # a provision once, with every cell resting on it, most cells first
        ["FBA: Oversight Independent authority", "News report A newspaper report",
         "4 Illinois, Oregon, Portland, and United States"],
        ["FBA: Face recognition (public sector only) Restricted", "Secondary source A law firm's review",
         "3 Illinois, Oregon, and United States"]]
    assert text(page.find(id="undetermined")) == "Researched but undetermined (1 cell)"
    [row] = page.select("#undetermined + div tbody tr")
    assert [shown(c, "") for c in row.find_all(["th", "td"])][2] == "1 Illinois (private sector)"
    missing = {text(d): text(d.find_next_sibling("dd")) for d in page.select("dl.missing dt")}
    assert missing["Oversight 1"] == "Mexico"
    assert missing["Consent 3"] == "Oregon (private sector), Portland (private sector), and United States (private sector)"


def test_policy_page_official_text_and_original_title(site):
    page = soup(site, "policies/mx-lfpdppp")
    original = page.select_one(".title-original span[lang]")
    assert original["lang"] == "es" and original.get_text().startswith("Ley Federal de Protección")
    official = page.select_one(".official-text")
    assert text(official.select_one(".kind")) == "Official version"
    assert official.a["href"] == "https://example.org/dof/lfpdppp"
    assert "Link not checked" in text(official)  # no accessed date: the link could not be opened
    assert [text(k) for k in page.select("ol.sources .kind")] == ["Official text"]
    assert "No link to the official text yet" in text(soup(site, "policies/us-il-bipa"))
    kinds = [text(k) for k in soup(site, "policies/us-federal-act").select("ol.sources .kind")]
    assert kinds == ["Official text", "Secondary source", "News report"]


def test_comparison_csv_has_a_row_per_sector_where_they_differ(site):
    rows = list(csv.DictReader(io.StringIO((site / "data/comparison.csv").read_text())))
    assert {"sector", "status", "evidence", "pinpoint"} <= set(rows[0])
    illinois = [(r["sector"], r["value_id"], r["evidence"], r["pinpoint"]) for r in rows
                if r["jurisdiction_id"] == "us-il" and r["dimension_id"] == "consent"]
    assert illinois == [("public", "notice_only", "official", "§ 3(a)"), ("private", "explicit", "official", "740 ILCS 14/15(b)")]
    [mexico] = [r for r in rows if r["jurisdiction_id"] == "mx" and r["dimension_id"] == "face_recognition"]
    assert (mexico["sector"], mexico["status"], mexico["value_id"], mexico["evidence"]) == ("both", "not_researched", "", "")
    [unknown] = [r for r in rows if r["jurisdiction_id"] == "us-il" and r["dimension_id"] == "face_recognition"
                 and r["sector"] == "private"]
    assert (unknown["status"], unknown["value_id"]) == ("unknown", "unknown")
    assert len(rows) == 5 * 3 + 8  # one row per jurisdiction and dimension, a second for each split cell


def test_atlas_json_carries_sectors_kinds_and_official_text(site):
    data = json.loads((site / "data/atlas.json").read_text())
    assert [d["by_sector"] for d in data["dimensions"]] == [True, True, False]
    policy = next(p for p in data["policies"] if p["id"] == "mx-lfpdppp")
    assert policy["title_original"] == {"text": "Ley Federal de Protección de Datos Personales en Posesión de los "
                                                 "Particulares", "lang": "es"}
    assert policy["official_text"]["accessed"] is None and policy["sources"][0]["kind"] == "official"
    bans = next(p for p in data["policies"] if p["id"] == "us-or-portland-bans")
    assert [pr["sector"] for pr in bans["provisions"]] == ["public", "private"]
    cells = data["comparison"]["cells"]
    pending = next(c for c in cells if (c["jurisdiction"], c["dimension"], c["sector"]) == ("us-or", "face_recognition", "private"))
    assert pending["status"] == "not_researched" and pending["value"] is None
    assert pending["pending"] == [{"policy": "us-or-private-ban-bill", "sector": "private", "value": "banned",
                                   "status": "proposed"}]
    assert data["comparison"]["research"] == {"cells": 25, "known": 16, "unknown": 1, "not_researched": 8,
                                              "official": 10}


def test_policies_csv_carries_official_text_and_original_title(site):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "data/policies.csv").read_text()))}
    mexico = rows["mx-lfpdppp"]
    assert (mexico["title_original_lang"], mexico["official_text_url"], mexico["official_text_accessed"]) == (
        "es", "https://example.org/dof/lfpdppp", "")
    assert rows["us-federal-act"]["official_sources"] == "1" and rows["us-federal-act"]["official_text_url"] == ""


def test_pages_for_one_sector_are_left_out_of_the_search_index():
    assert indexed("compare/consent/index.html")
    assert not indexed("compare/public/index.html") and not indexed("compare/consent/private/index.html")
    assert not indexed("research/index.html")
    assert indexed("policies/public/index.html")  # a policy may be called anything


def test_jurisdiction_and_side_by_side_pages_show_both_sectors(site):
    row = next(tr for tr in soup(site, "jurisdictions/us-il").select("table.list tbody tr")
               if "Consent" in text(tr.th))
    assert [p["data-sector"] for p in row.select("td .part")] == ["public", "private", "public", "private"]
    page = soup(site, "compare/side-by-side")
    assert [o.get_text() for o in page.select("#sbs-sector option")] == ["All sectors", "Public sector", "Private sector"]
    assert page.select_one("#sbs-sector").find_parent(class_="js-only").has_attr("hidden")
    sbs_row = page.select_one('section[data-dimension="consent"] tr[data-j="us-il"]')
    assert sbs_row["data-value"] == "notice_only explicit"
