"""Two traps of Chinese prose in Markdown, each a warning at its line in `check`, in a brief and in a brief's
translation: emphasis Markdown prints as it is (a closing ** right after a full-width mark and before a letter,
**范围多大。**Reclaim), and a line break after a full-width mark that a page shows as a space. No shipped
brief page shows a stray ** or __, nor such a break."""

import re

import pytest
from bs4 import BeautifulSoup

from generator.build import build, check_with_warnings
from generator.content.lint import break_after_mark, emphasis_shown


@pytest.mark.parametrize("body, columns", [
    ("- **范围多大。**Reclaim The Net\n", [10]),  # the closing ** is stuck between 。 and a letter
    ("**a，**b and __c。__d\n", [5, 17]),
    ("上海。**重要**内容\n", []),  # an opening ** after a mark is fine, and its closing one follows a letter
    ("- **提出时间。**《上海日报》\n", []),  # a mark after the closing **: it closes
    ("- **范围多大**。Reclaim\n", []),
    ("**结束。**\n", []),  # the end of the line: it closes
    ("- **范围多大。** Reclaim\n", []),
    ("`**a。**b` and\n```\n**a。**b\n```\n", []),  # code is not text
])
def test_a_closing_mark_stuck_after_a_full_width_mark_is_found(body, columns):
    found = emphasis_shown(body, "briefs/x.md", 5)
    assert [w.column for w in found] == columns
    assert all(w.warning and w.line == 5 for w in found)


def test_the_line_counts_from_the_body(tmp_path):
    found = emphasis_shown("Intro.\n\n```\ncode\n```\n- **一。**b\n", "x", 7)
    assert [(w.line, w.column) for w in found] == [(12, 7)]


@pytest.mark.parametrize("body, lines", [
    ("甲，\n2019年。\n", [5]),  # a digit after the break
    ("乙；\n[[a|b]]。\n", [5]),  # a link
    ("丙，\n丁。\n", []),  # two characters: the build joins the lines
    ("戊。\n- item\n己。\n## 标题\n庚：\n1. 一\n辛。\n\n壬\n", []),  # a new block or paragraph
    ("```\n代码，\nx\n```\n`码，`\nx\n", []),  # code
    ("English, then\nmore.\n", []),
])
def test_a_line_break_after_a_full_width_mark_is_found(body, lines):
    found = break_after_mark(body, "briefs/x.md", 5)
    assert [w.line for w in found] == lines and all(w.warning for w in found)


def test_check_warns_of_it_in_a_brief_and_in_its_translation(mini, day):
    brief = mini / "briefs" / "first-brief.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace("A claim.", "**Claim。**A claim."), encoding="utf-8")
    with (mini / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("languages:\n  - {code: zh-Hans, prefix: zh, label: 中文}\n")
    (mini / "briefs" / "first-brief.zh-Hans.md").write_text(
        "---\ntranslation_of: first-brief\nprevails: original\ntitle: 第一篇\nsummary: 摘要。\n---\n\n- **范围多大。**Reclaim\n"
        "甲，\n2019年。\n",
        encoding="utf-8")
    _, warnings = check_with_warnings(mini, day)
    found = sorted((w.path, w.line, w.column) for w in warnings if "printed as it is" in w.message)
    line = next(i for i, text in enumerate(brief.read_text(encoding="utf-8").splitlines(), 1) if "**Claim" in text)
    assert found == [("content/briefs/first-brief.md", line, 9), ("content/briefs/first-brief.zh-Hans.md", 8, 10)]
    breaks = [(w.path, w.line, w.column) for w in warnings if "will show as a space" in w.message]
    assert breaks == [("content/briefs/first-brief.zh-Hans.md", 9, 2)]


def test_no_shipped_brief_page_shows_a_stray_emphasis_mark(shipped_site):
    pages = sorted(shipped_site.glob("briefs/*/index.html")) + sorted(shipped_site.glob("zh/briefs/*/index.html"))
    assert len(pages) > 10
    for page in pages:
        prose = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one(".prose")
        if prose is None:
            continue
        for code in prose.select("code, pre"):
            code.decompose()
        text = prose.get_text()
        assert "**" not in text and "__" not in text, page
        assert not re.search("[，。、；：！？）」』】》]\n", str(prose)), page  # a break after a mark shows as a space
