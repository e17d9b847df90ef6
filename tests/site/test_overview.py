"""The compact overview: a short, unique code per value, every cell with its full value and rule for screen readers."""

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build
from generator.content.load import load
from generator.site.overview import short_codes

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("source", ["content", "tests/sites/mini", "tests/sites/changes"])
def test_codes_are_short_and_unique_within_each_dimension(source):
    content, _ = load(REPO / source)
    for dimension in content.dimensions:
        codes = short_codes(dimension)
        assert set(codes) == {v.id for v in dimension.values}
        assert len(set(codes.values())) == len(codes), dimension.id
        assert all(1 <= len(code) <= 4 for code in codes.values()), codes  # dimensions.schema.json: code
        assert codes.get("unknown", "?") == "?"


def test_codes_fall_back_when_labels_begin_alike():
    from generator.content.records import Dimension, Value
    values = tuple(Value(i, label, "", "#000000") for i, label in
                   [("a", "Notice"), ("b", "Notice only"), ("c", "Notice and consent"), ("d", "Not covered"),
                    ("unknown", "Unknown")])
    codes = short_codes(Dimension("x", "X", "?", "", "", values, 0))
    assert len(set(codes.values())) == 5 and codes["a"] == "NOT" and codes["unknown"] == "?"


def test_every_cell_has_its_code_full_value_and_rule(tmp_path):
    build(REPO / "tests/sites/changes", tmp_path / "site", dt.date(2026, 11, 27))
    page = BeautifulSoup((tmp_path / "site/compare/overview/index.html").read_text(), "html.parser")
    rows = page.select("#overview tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == ["Aland", "Borduria", "Carpania", "Union"]
    cells = page.select("#overview tbody td")
    assert len(cells) == 4 * 3
    for td in cells:
        chip = td.select_one(".o-code")
        tip = page.find(id=chip["aria-describedby"])
        assert tip is not None and tip.parent is td and tip["role"] == "tooltip"
        assert chip.select_one(".visually-hidden").get_text() == tip.get_text().split(".")[0]
    aland_consent = cells[0]
    assert aland_consent.select_one("[aria-hidden=true]").get_text() == "EXP"
    assert aland_consent.select_one(".o-tip").get_text() == \
        "Explicit. Union data regulation, via Union: Explicit consent needed."
    assert "pat-solid" in aland_consent.select_one(".o-code")["class"]
    assert [li.get_text(" ", strip=True) for li in page.select(".o-legend dd")[0].select("li")] == [
        "EXP Explicit", "NOT Notice only", "? Unknown", "≠ Differs by sector", "– Not yet researched"]


def test_sectors_that_differ_and_cells_not_researched_have_their_own_codes(tmp_path):
    build(REPO / "tests/sites/sectors", tmp_path / "site", dt.date(2026, 11, 27), search=False)
    page = BeautifulSoup((tmp_path / "site/compare/overview/index.html").read_text(), "html.parser")
    cells = {tr.th.get_text(strip=True): tr.select("td") for tr in page.select("#overview tbody tr")}
    consent = cells["Illinois"][0]
    assert consent.select_one("[aria-hidden=true]").get_text() == "≠"
    assert "sector-differs" in consent.select_one(".o-code")["class"]
    tip = consent.select_one(".o-tip").get_text()
    assert tip.startswith("Differs by sector: Public sector: Notice only; Private sector: Explicit.")
    assert "Private sector: BIPA: A written release." in tip
    assert consent.select_one("a.o-code")["href"].endswith("/jurisdictions/us-il/")  # both rules are there
    mexico = cells["Mexico"][1]  # no record covers it
    assert mexico.select_one("[aria-hidden=true]").get_text() == "–"
    assert "not-researched" in mexico.select_one(".o-code")["class"]
    assert mexico.select_one(".visually-hidden").get_text() == "Not yet researched"
    oversight = cells["Illinois"][2]  # one rule for both sectors: its own code
    assert oversight.select_one("[aria-hidden=true]").get_text() == "IND"


def test_a_value_may_set_its_own_code_and_chinese_labels_give_chinese_codes():
    from generator.content.records import Dimension, Value
    values = (Value("high", "Over USD 10m", "", "#000000", code="10M+"), Value("mid", "USD 1m–10m", "", "#000000"),
              Value("x", "USD 1m", "", "#000000"), Value("unknown", "Unknown", "", "#000000"))
    codes = short_codes(Dimension("fine", "Fine", "?", "", "", values, 0))
    assert codes["high"] == "10M+" and codes["mid"] == "USD" and codes["x"] == "UM" and codes["unknown"] == "?"
    chinese = tuple(Value(i, label, "", "#000000") for i, label in
                    [("a", "受限制"), ("b", "受限于目的"), ("c", "无"), ("unknown", "未知")])
    codes = short_codes(Dimension("x", "X", "?", "", "", chinese, 0))
    assert codes == {"a": "受限", "b": "受的", "c": "C", "unknown": "?"}


def test_the_chinese_overview_uses_the_translated_codes(tmp_path):
    build(REPO / "content", tmp_path / "site", dt.date(2026, 11, 27), search=False)
    page = BeautifulSoup((tmp_path / "site/zh/compare/overview/index.html").read_text(), "html.parser")
    china = next(tr for tr in page.select("#overview tbody tr") if tr.th.a["href"].endswith("/jurisdictions/cn/"))
    codes = [td.select_one("[aria-hidden=true]").get_text() for td in china.select("td")]
    assert codes[0] == "特殊" and all(not code.isascii() or code in "?≠–" for code in codes), codes


def test_each_cells_description_ends_its_sentences_once(shipped_site):
    """A note ends with its own full stop: the sector parts of a cell that differs add one only where it lacks one
    (they ended 'a consent rule..')."""
    for path in ("compare/overview/index.html", "zh/compare/overview/index.html"):
        page = BeautifulSoup((shipped_site / path).read_text("utf-8"), "html.parser")
        tips = [" ".join(tip.get_text().split()) for tip in page.select(".o-tip")]
        differing = [tip for tip in tips if tip.startswith(("Differs by sector", "因部门而异"))]
        assert len(tips) > 500 and len(differing) > 20, path
        assert not [tip for tip in tips if ".." in tip or "。。" in tip or ". ." in tip][:3], path
        assert all(tip.endswith((".", "。", "!", "?")) for tip in differing), path
