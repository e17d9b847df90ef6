"""A further language's pages: each record's text in the edition's language where it is translated, and marked
with the language it is written in where it is not (a screen reader reads it with that language's voice)."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build

MINI = Path(__file__).resolve().parents[1] / "sites" / "mini"

TRANSLATED_NOTE = "须取得书面同意。"
UNTRANSLATED_NOTE = "Not covered by this act."


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The mini site with a Chinese edition: one policy translated but for one of its two notes, one brief
    translated with a heading, the rest untranslated."""
    content = tmp_path_factory.mktemp("untranslated") / "content"
    shutil.copytree(MINI, content)
    with (content / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("languages:\n  - {code: zh-Hans, prefix: zh, label: 中文}\n")
    (content / "policies" / "us-il-act.zh-Hans.yaml").write_text(
        "translation_of: us-il-act\nprevails: original\ntitle: 伊利诺伊州法\nsummary: 书面授权。\n"
        f"provisions:\n  consent: {{note: {TRANSLATED_NOTE}}}\n", encoding="utf-8")  # police's note left in English
    eu = content / "policies" / "eu-law.yaml"
    eu.write_text(eu.read_text(encoding="utf-8").replace("title: EU law text,", "title: EU law text, publisher: EU Office,"),
                  encoding="utf-8")
    (content / "briefs" / "first-brief.zh-Hans.md").write_text(
        "---\ntranslation_of: first-brief\nprevails: original\ntitle: 第一篇简报\nsummary: 链接记录。\n---\n"
        "## 背景\n\n正文。\n", encoding="utf-8")
    site = tmp_path_factory.mktemp("untranslated") / "site"
    build(content, site, dt.date(2026, 11, 27))
    return site


def _page(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path).read_text("utf-8"), "html.parser")


def _holder(soup: BeautifulSoup, text: str):
    """Return the innermost element whose own text holds `text`."""
    found = soup.find(string=lambda s: s and text in s)
    assert found is not None, text
    return found.parent


def _lang(element) -> str:
    """The language an element's text is read in: its own lang or its nearest ancestor's."""
    while element is not None and not element.get("lang"):
        element = element.parent
    return element.get("lang") if element is not None else ""


def test_a_compare_cell_shows_the_translated_note_of_a_translated_provision(out):
    """The comparison is derived from the default language's records: its cells must still show the edition's
    translation of a provision's note (they showed the English note on every Chinese comparison page)."""
    for path in ("zh/compare/consent/index.html", "zh/compare/side-by-side/index.html"):
        soup = _page(out, path)
        text = soup.get_text(" ")
        assert TRANSLATED_NOTE in text, path
        assert "A written release." not in text, path
        assert _lang(_holder(soup, TRANSLATED_NOTE)) == "zh-Hans", path
    badges = _page(out, "zh/compare/index.html").select('a.badge[href*="us-il-act"][href$="consent"]')
    assert badges and all(TRANSLATED_NOTE in badge["title"] for badge in badges)  # the table's tooltips


def test_an_untranslated_note_is_marked_english_on_every_page_that_shows_it(out):
    # a note the translation of its policy leaves out, on the policy's page
    assert _lang(_holder(_page(out, "zh/policies/us-il-act/index.html"), UNTRANSLATED_NOTE)) == "en"
    # the note of a policy with no translation, and its source's pinpoint, wherever a cell rests on it
    for path in ("zh/compare/consent/index.html", "zh/compare/side-by-side/index.html", "zh/compare/overview/index.html"):
        soup = _page(out, path)
        assert _lang(_holder(soup, "Explicit consent needed.")) == "en", path
        if "overview" not in path:
            assert _lang(_holder(soup, "Art. 9")) == "en", path


def test_untranslated_summaries_titles_and_publishers_are_marked_english(out):
    briefs = _page(out, "zh/briefs/index.html")
    assert "Links records." not in briefs.get_text()  # the first brief is translated
    assert _lang(_holder(briefs, "链接记录。")) == "zh-Hans"
    second = next(p for p in briefs.select("ul.cards p") if "链接记录" not in p.get_text())
    assert second.get("lang") == "en"  # the second brief is not translated
    policies = _page(out, "zh/policies/index.html")
    eu = policies.find("a", href=lambda h: h and h.endswith("/policies/eu-law/"))
    assert eu.get("lang") == "en"
    assert _lang(_holder(_page(out, "zh/compare/consent/index.html"), "EU Office")) == "en"  # a source's publisher
    heading = _page(out, "zh/compare/if-enacted/us-ban-bill/index.html").h1  # a name inside a translated sentence
    assert heading.get_text().startswith("假如") and heading.find("span", lang="en").get_text() == "Federal face recognition ban bill"


def test_the_english_pages_carry_no_language_marks_of_their_own(out):
    for path in ("compare/index.html", "policies/us-il-act/index.html", "briefs/index.html"):
        soup = _page(out, path)
        assert soup.html["lang"] == "en"
        assert not soup.select("main [lang]"), path  # (the language menu names each language in itself)


def test_a_translated_briefs_heading_links_are_labelled_in_its_language(out):
    soup = _page(out, "zh/briefs/first-brief/index.html")
    labels = [span.get_text() for span in soup.select("a.header-anchor .visually-hidden")]
    assert labels == ["本节链接"]
    english = _page(out, "briefs/first-brief/index.html")
    assert [span.get_text() for span in english.select("a.header-anchor .visually-hidden")] == ["Link to this section"]


def test_names_put_into_translated_phrases_are_marked_english(out):
    police = _page(out, "zh/compare/police/index.html")
    inherited = [span for span in police.select('span[lang="en"]') if "（来自" in span.find_parent("td").get_text()]
    assert inherited  # "(from <name>)": an inherited rule names its jurisdiction, in English and marked
    listing = _page(out, "zh/jurisdictions/index.html")
    parents = [span for span in listing.select('.small span[lang="en"]')]
    assert parents and all("隶属" in span.parent.get_text() for span in parents)  # "part of <name>"


def test_a_years_change_page_has_a_translated_title(out):
    for year in (2008, 2026):
        title = _page(out, f"zh/changes/{year}/index.html").title.get_text()
        assert title.startswith(f"{year}年的变化"), title


def test_a_hypothetical_maps_areas_are_marked_in_the_pages_language(out):
    labels = [a["aria-label"] for a in _page(out, "zh/compare/police/if-enacted/index.html").select("svg a[aria-label]")]
    assert labels and all(label.endswith("（假设）") for label in labels), labels[:3]  # no " (假设)"
    english = [a["aria-label"] for a in _page(out, "compare/police/if-enacted/index.html").select("svg a[aria-label]")]
    assert english and all(label.endswith(" (hypothetical)") for label in english)


def test_chinese_feeds_bracket_and_join_sentences_the_chinese_way(out):
    summaries = re.findall(r"<summary>([^<]*)</summary>", (out / "zh/compare/consent/feed.xml").read_text("utf-8"))
    assert summaries and all("（" in s and " (" not in s and "。 " not in s for s in summaries)
    assert any("（EU data law）。原因：EU data law（" in s for s in summaries)
    assert any(s.endswith(f"现行规则：{TRANSLATED_NOTE}") for s in summaries)  # the rule now, in its translation
    english = re.findall(r"<summary>([^<]*)</summary>", (out / "compare/consent/feed.xml").read_text("utf-8"))
    assert any(" (EU data law). Because of: EU data law (" in s and ". Now: " in s for s in english)


@pytest.mark.parametrize("translation, expected", [
    ("%(text)s（%(aside)s）", "法（智利）"), ("%(text)s", "法 (智利)"), ("%(text)s (%(aside)s", "法 (智利)")])
def test_a_translation_of_the_brackets_that_loses_a_mark_or_slot_falls_back_to_english(translation, expected):
    from generator.site.punctuation import ASIDE, punctuation

    marks = punctuation(lambda message: translation if message == ASIDE else message)
    assert marks.aside("法", "智利") == expected


def test_the_chinese_feed_gives_statuses_in_chinese_and_marks_what_stays_english(out):
    feed = (out / "zh/feed.xml").read_text("utf-8")
    titles = re.findall(r"<title([^>]*)>([^<]*)</title>", feed)
    assert ("", "EU data law：已生效") in titles  # the status in Chinese words and marks (was ': in force')
    assert ("", "第一篇简报") in titles and (' xml:lang="en"', "A second brief") in titles  # untranslated: marked
    assert '<summary xml:lang="en">' in feed and "<summary>链接记录。</summary>" in feed
    english = (out / "feed.xml").read_text("utf-8")
    assert "xml:lang=\"en\"" not in english.split("<entry>", 1)[1] and "<title>EU data law: in force</title>" in english


def test_the_count_of_the_records_texts_after_an_edit_is_the_count_of_the_edited_atlas():
    """An edit counts again only the records it replaces (editionviews.recounted): a text another record still
    shows stays counted, one no record shows any more goes, a new one comes; the same as counting the new atlas."""
    from dataclasses import replace

    from generator.build import check
    from generator.site.editionviews import census, recounted

    atlas = check(MINI, dt.date(2026, 11, 27))
    first, second = atlas.briefs[0], atlas.briefs[1]
    shared = replace(second, summary=first.summary)  # two briefs show the same summary
    before = replace(atlas, briefs=(first, shared, *atlas.briefs[2:]))
    counted = census(before)
    assert counted[first.summary] == 2 and second.summary not in counted
    policy = before.policies[0]
    edited_brief = replace(first, title="A new title", summary="A new summary.")
    edited_policy = replace(policy, summary="A policy summary no record had.", provisions=policy.provisions[1:])
    after = replace(before, briefs=(edited_brief, *before.briefs[1:]), policies=(edited_policy, *before.policies[1:]))
    again = recounted(counted, [("brief", first, edited_brief), ("policy", policy, edited_policy)])
    assert again == census(after) != counted
    assert again[first.summary] == 1 and first.title not in again and again["A new summary."] == 1
    assert counted == census(before)  # the state's count is left as it was: each edit starts from it
