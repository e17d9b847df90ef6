"""Every date a page shows is written in the page's language, by one rule (generator/site/daytext.py)."""

import re

import lxml.html

from generator.build import build

PARSER = lxml.html.HTMLParser(encoding="utf-8")
# English (site.yaml's `en`): October 3, 2008; October 2008; 2008; or the ISO form some captions show
ENGLISH = re.compile(r"[A-Z][a-z]+ \d{1,2}, \d{4}|[A-Z][a-z]+ \d{4}|\d{4}(-\d{2}){0,2}")


def _times(page):
    tree = lxml.html.document_fromstring(page.read_bytes(), parser=PARSER)
    return [" ".join(t.text_content().split()) for t in tree.xpath("//time")]


def test_every_date_of_the_shipped_site_is_in_its_page_s_language(shipped_site):
    """Cards, histories, sources, the change log and the footer alike: English pages never mix "3 October
    2008" with "October 3, 2008", and the Chinese edition writes none in English."""
    english, chinese = [], []
    for page in sorted(shipped_site.rglob("*.html")):
        in_chinese = page.relative_to(shipped_site).parts[0] == "zh"
        for text in _times(page):
            (chinese if in_chinese else english).append((page.relative_to(shipped_site).as_posix(), text))
    assert len(english) > 1000 and len(chinese) > 1000
    assert [(page, text) for page, text in english if not ENGLISH.fullmatch(text)] == []
    assert [(page, text) for page, text in chinese if re.search("[A-Za-z]", text)] == []


def test_a_pending_provision_s_date_reads_in_chinese_in_the_chinese_sentence(shipped_site):
    text = (shipped_site / "zh/compare/central_database/index.html").read_text("utf-8")
    since = re.findall(r"提议中 自 ([^<]*?) 起", text)
    assert since and all(re.fullmatch(r"\d{4}年(\d{1,2}月(\d{1,2}日)?)?", day) for day in since), since


def test_a_french_site_writes_its_dates_in_french(mini, tmp_path, day):
    site_yaml = mini / "site.yaml"
    site_yaml.write_text(site_yaml.read_text("utf-8").replace("language: en", "language: fr"), "utf-8")
    out = tmp_path / "site"
    build(mini, out, day)
    times = _times(out / "briefs" / "first-brief" / "index.html") + _times(out / "index.html")
    assert "1 novembre 2026" in times and "27 novembre 2026" in times, times  # the brief's date; the footer's
    assert not [t for t in times if re.search("January|February|March|April|June|July|August|September|"
                                              "October|November|December", t)]
