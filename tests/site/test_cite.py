"""Citations made at build time: APA text, BibTeX with its special characters escaped, CSL-JSON that parses."""

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup

from generator.content.load import load_site
from generator.site.cite import Citer

REPO = Path(__file__).resolve().parents[2]
SITE = load_site(REPO / "tests" / "sites" / "changes")
AS_OF, ACCESSED = dt.date(2026, 11, 27), dt.date(2026, 12, 1)


def test_plain_text_names_author_date_title_site_access_and_address():
    cite = Citer(replace(SITE, author="Atlas editors"), AS_OF, ACCESSED)("Consent", "https://example.org/compare/consent/")
    assert cite.text == ("Atlas editors. (2026, November 27). Consent (data as of 2026-11-27). Changes Atlas. "
                         "Retrieved December 1, 2026, from https://example.org/compare/consent/")
    assert (cite.accessed_text, cite.accessed_iso) == ("December 1, 2026", "2026-12-01")


def test_the_home_page_is_cited_by_the_site_title_alone():
    assert "). Changes Atlas. Changes Atlas. Retrieved" in Citer(SITE, AS_OF, ACCESSED)("Changes Atlas", "u").text


def test_bibtex_escapes_what_latex_would_read_and_has_both_dates():
    bibtex = Citer(replace(SITE, license="CC BY 4.0"), AS_OF, ACCESSED)("Fines & {caps} 4% #1 a_b", "https://x/").bibtex
    assert r"title = {Fines \& \{caps\} 4\% \#1 a\_b (data as of 2026-11-27)}," in bibtex
    assert bibtex.startswith("@misc{changes-atlas-fines-caps-4-1-a-b-2026-11-27,")
    assert "urldate = {2026-12-01}," in bibtex and "date = {2026-11-27}," in bibtex
    assert "note = {Data as of 2026-11-27; CC BY 4.0}" in bibtex and bibtex.endswith("}")


def test_csl_json_parses_with_issued_and_accessed_dates():
    item, = json.loads(Citer(SITE, AS_OF, ACCESSED)('A "quoted" title', "https://x/y/").csl)
    assert item["type"] == "webpage" and item["title"] == 'A "quoted" title (data as of 2026-11-27)'
    assert item["issued"] == {"date-parts": [[2026, 11, 27]]} and item["accessed"] == {"date-parts": [[2026, 12, 1]]}
    assert item["URL"] == "https://x/y/" and item["container-title"] == "Changes Atlas"


def test_every_page_carries_its_citation(tmp_path):
    from generator.build import build
    build(REPO / "tests" / "sites" / "changes", tmp_path / "site", AS_OF)
    for page in sorted((tmp_path / "site").rglob("*.html")):
        html = BeautifulSoup(page.read_text(), "html.parser")
        canonical = html.find("link", rel="canonical")["href"]
        assert html.select_one("#cite-link")["value"] == canonical, page
        assert f"url = {{{canonical}}}" in html.select_one("#cite-bibtex").get_text(), page
        assert json.loads(html.select_one("#cite-csl").get_text())[0]["URL"] == canonical, page
