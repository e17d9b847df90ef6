"""The Chinese edition in a real browser: what the scripts write (other dates, filters, side by side, two dates
compared, the citation) is in Chinese; only record text without a translation stays English, marked lang="en"."""

import datetime as dt
import re

import pytest

from browser_support import new_page

pytestmark = pytest.mark.browser

ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")


def english_words(page, selector: str, allowed: set[str] = frozenset()) -> list[str]:
    """Return the English words in the elements `selector` matches, leaving out lang="en" text and `allowed` words."""
    texts = page.evaluate("""(selector) => Array.from(document.querySelectorAll(selector)).filter(e => !e.hidden)
        .map(e => { const c = e.cloneNode(true); c.querySelectorAll('[lang="en"]').forEach(n => n.remove());
                    c.querySelectorAll('*').forEach(n => n.append(' ')); return c.textContent; })""", selector)
    return sorted({w for text in texts for w in ENGLISH_WORD.findall(text)} - set(allowed))


def english_names(page) -> set[str]:
    """Return the words of names the page shows untranslated (marked lang="en"), which scripts repeat."""
    names = page.evaluate("""() => Array.from(document.querySelectorAll('[lang="en"]')).map(e => e.textContent)
        .concat(Array.from(document.querySelectorAll('label[for^="pick-"]')).map(e => e.textContent))""")
    return {w for name in names for w in ENGLISH_WORD.findall(name)}


def test_the_compare_table_for_another_year_and_filter_stays_chinese(browser, base_url):
    page = new_page(browser)
    page.goto(base_url + "zh/compare/?year=2012&region=europe")
    page.wait_for_selector("#compare-table[data-ready]", state="attached")
    assert page.locator(".as-of-label").text_content() == "2012年1月1日"
    assert re.fullmatch(r"显示 \d+ 个法域中的 \d+ 个", page.locator("#row-count").text_content())
    names = english_names(page)  # untranslated jurisdictions' names, which a cell's source link repeats
    assert english_words(page, "#compare-table tbody tr:not([hidden]) td", names) == []
    sources = page.locator("#compare-table tbody tr:not([hidden]) td a.src .visually-hidden").all_text_contents()
    assert sources and all(s.endswith("的来源： ") for s in sources)
    # the cells the script wrote: "policy：note", "kind：title", "公共部门：" with the full-width colon, as the build writes
    titles = page.locator("#compare-table tbody tr:not([hidden]) td a.badge, "
                          "#compare-table tbody tr:not([hidden]) td a.src").evaluate_all("els => els.map(e => e.title)")
    assert titles and all("：" in title and not re.match(r"[^：]*: ", title) for title in titles)
    tags = page.locator("#compare-table tbody tr:not([hidden]) .sector-tag").all_text_contents()
    assert all(tag.endswith("：") for tag in tags)


def test_side_by_side_writes_chinese(browser, base_url):
    page = new_page(browser)
    page.goto(base_url + "zh/compare/side-by-side/?j=cn,eu,us-il,uk&diff=1")
    page.wait_for_selector("#sbs-table", state="attached")
    names = english_names(page)
    assert page.locator("#pick-status").text_content().startswith("正在比较中国")
    assert english_words(page, "#pick-status, #sbs-table caption, .sbs-summary, .differs-mark, .unlike-mark",
                         names) == []
    assert page.locator("#picker summary").first.text_content() == "更改法域（已选 4 个）"


def test_two_dates_compared_in_chinese(browser, base_url):
    page = new_page(browser)
    page.goto(base_url + "zh/changes/?from=2011&to=2012")
    page.wait_for_selector("#changes-form[data-ready]", state="attached")
    status = page.locator("#changes-status").text_content()
    assert re.fullmatch(r"2011年1月1日与2012年1月1日之间有 \d+ 个单元格取值不同。", status), status
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('#changes-table tbody tr'))
        .map(tr => [tr.cells[1].textContent, tr.cells[2].textContent, tr.cells[3].textContent])""")
    assert rows and not any(ENGLISH_WORD.search(dimension + before.split(" ")[0]) for dimension, before, _ in rows)


def test_the_citation_follows_gbt_7714_with_today_as_the_access_date(browser, base_url):
    page = new_page(browser)
    page.goto(base_url + "zh/jurisdictions/cn/")
    page.wait_for_selector("#cite[data-ready]", state="attached")
    page.locator("#cite summary").click()
    today = dt.date.today().isoformat()
    page.wait_for_function(f"() => document.getElementById('cite-text').value.includes('[{today}]')")
    text = page.locator("#cite-text").input_value()
    assert re.fullmatch(rf".+\. 中国（数据截至 \d{{4}}-\d{{2}}-\d{{2}}）\[EB/OL\]\. 生物识别政策图谱, "
                        rf"\(\d{{4}}-\d{{2}}-\d{{2}}\)\[{today}\]\. http\S+/zh/jurisdictions/cn/\.", text), text
    assert page.locator('label[for="cite-text"]').text_content() == "引用格式（GB/T 7714）"


def test_changing_the_year_and_a_filter_on_the_chinese_compare_page_writes_chinese(browser, base_url):
    page = new_page(browser)
    page.goto(base_url + "zh/compare/")
    page.wait_for_selector("#compare-table[data-ready]", state="attached")
    years = page.locator("#f-year option").all_text_contents()
    assert years[1:4] == ["2026年1月1日", "2025年1月1日", "2024年1月1日"]  # Babel's dates, not the data file's
    page.select_option("#f-year", "2015")
    page.wait_for_function("() => document.querySelector('.as-of-label').textContent === '2015年1月1日'")
    page.select_option("#f-kind", "country")
    page.wait_for_function("() => /^显示 \\d+ 个法域中的 \\d+ 个$/.test(document.getElementById('row-count').textContent)")
    assert "kind=country" in page.url and "year=2015" in page.url
    names = english_names(page)
    assert english_words(page, "#compare-table tbody tr:not([hidden]) td, #row-count, #compare-table caption", names) == []
    assert page.locator("#compare-table tbody tr:not([hidden])").count() > 10
    assert page.js_errors == []
