"""Cite and reuse in a real browser: the permalink and citations of a reader-built view, and its downloads
matching what is on screen, with and without JavaScript, under the site's own Content-Security-Policy."""

import csv
import datetime as dt
import io
import json

import pytest

from browser_support import new_page

pytestmark = pytest.mark.browser

VIEW = "compare/?region=europe&year=2019"


def opened(page, base_url, path, ready="#compare-table[data-ready]"):
    page.goto(base_url + path)
    page.wait_for_selector("#cite[data-ready]", state="attached")
    if ready:
        page.wait_for_selector(ready, state="attached")
    page.locator("#cite summary").click()
    # the block fills itself in on its toggle event, which the browser dispatches after the click returns
    page.wait_for_function("() => document.getElementById('cite-link').value === location.href.split('#')[0]")
    return page


def visible_rows(page, table="#compare-table"):
    return page.evaluate("""(table) => Array.from(document.querySelectorAll(table + ' tbody tr'))
        .filter(tr => !tr.hidden).map(tr => Array.from(tr.cells).map(td => {
            const c = td.cloneNode(true); c.querySelectorAll('a.src').forEach(n => n.remove());
            c.querySelectorAll('*').forEach(n => n.append(' '));
            return c.textContent.replace(/\\s+/g, ' ').trim(); }))""", table)


def test_the_citation_of_a_built_view_names_its_address_view_and_dates(browser, base_url, atlas):
    page = opened(new_page(browser), base_url, VIEW)
    today = dt.date.today()
    link = page.locator("#cite-link").input_value()
    assert link == page.evaluate("location.href") and link.endswith("/compare/?region=europe&year=2019")
    text = page.locator("#cite-text").input_value()
    assert "[Region: Europe; As of: January 1, 2019]" in text and text.endswith(f"from {link}")
    assert f"Retrieved {today:%B} {today.day}, {today.year}" in text
    assert f"({atlas.as_of.year}, {atlas.as_of:%B} {atlas.as_of.day})" in text  # the data's date
    bibtex = page.locator("#cite-bibtex").input_value()
    assert bibtex.startswith("@misc{") and f"url = {{{link}}}" in bibtex
    assert f"urldate = {{{today.isoformat()}}}" in bibtex and f"date = {{{atlas.as_of.isoformat()}}}" in bibtex
    item, = json.loads(page.locator("#cite-csl").input_value())
    assert item["type"] == "webpage" and item["URL"] == link
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert item["issued"] == {"date-parts": [[atlas.as_of.year, atlas.as_of.month, atlas.as_of.day]]}
    assert "Region: Europe" in item["title"]
    assert page.js_errors == []
    page.context.close()


def test_without_javascript_the_page_still_carries_its_citation(browser, base_url, atlas):
    page = new_page(browser, java_script_enabled=False)
    page.goto(base_url + "jurisdictions/fr/")
    page.locator("#cite summary").click()
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert page.locator("#cite-link").input_value() == canonical
    assert f"url = {{{canonical}}}" in page.locator("#cite-bibtex").input_value()
    assert page.locator("button.download-view").count() == 0  # made by the script
    page.context.close()


def download(page, fmt):
    with page.expect_download() as done:
        page.locator(f"button.download-view[data-format={fmt}]").click()
    return open(done.value.path(), encoding="utf-8").read()


def test_the_downloaded_view_is_what_is_on_screen(browser, base_url):
    page = opened(new_page(browser, bypass_csp=False, accept_downloads=True), base_url, VIEW)  # the site's CSP applies
    shown = visible_rows(page)
    assert 10 < len(shown) < 60  # Europe only, as of 2019
    table = list(csv.reader(io.StringIO(download(page, "csv"))))
    assert table[0][0].startswith("Jurisdiction") and len(table[0]) == 14
    assert table[1:] == shown
    data = json.loads(download(page, "json"))
    assert data["url"].endswith(VIEW) and data["hypothetical"] is False and data["as_of"]
    assert data["tables"][0]["rows"] == shown
    values = page.evaluate("Array.from(document.querySelectorAll('#compare-table tbody tr:not([hidden])'))"
                           ".map(tr => Array.from(tr.cells).map(td => td.getAttribute('data-value')))")
    assert data["tables"][0]["values"] == values
    assert page.js_errors == []
    page.context.close()


def test_a_hypothetical_view_downloads_marked_hypothetical(browser, base_url):
    page = opened(new_page(browser, accept_downloads=True), base_url, "compare/if-enacted/", ready=None)
    table = list(csv.reader(io.StringIO(download(page, "csv"))))
    assert table[0][0] == "hypothetical" and {row[0] for row in table[1:]} == {"yes"}
    assert all(cell.startswith("Hypothetical:") for row in table[1:] for cell in row[2:])
    assert json.loads(download(page, "json"))["hypothetical"] is True
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [VIEW, "compare/consent/", "changes/2018/"])
def test_no_axe_violations_with_the_cite_and_embed_blocks_open(browser, base_url, scheme, path):
    from browser_support import run_axe
    page = new_page(browser, color_scheme=scheme)
    page.goto(base_url + path)
    page.wait_for_selector("#cite[data-ready]", state="attached")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = run_axe(page)
    page.context.close()
    assert violations == [], json.dumps(violations, indent=1)
