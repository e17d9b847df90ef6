"""Corrections: the prefilled link on every cell, the log's checks, its page and its Atom feed."""

import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from generator.build import build, check
from generator.problems import ContentError
from generator.site.corrections import correction_url

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "sites" / "changes"
DAY = dt.date(2026, 11, 27)


def test_an_issue_tracker_link_carries_title_and_body():
    url = correction_url("https://github.com/o/r/issues/new", "Aland", "Consent", "Explicit", DAY,
                         "https://example.org/jurisdictions/aa/")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/o/r/issues/new"
    query = parse_qs(parts.query)
    assert query["title"] == ["Correction: Aland, Consent"]
    assert query["body"][0].splitlines()[:5] == ["Jurisdiction: Aland", "Dimension: Consent", "Value shown: Explicit",
                                                 "As of: 2026-11-27", "Page: https://example.org/jurisdictions/aa/"]
    assert correction_url("https://tracker.example/new?project=7", "A", "B", "C", DAY, "p").startswith(
        "https://tracker.example/new?project=7&title=")


def test_an_email_channel_gives_a_prefilled_message():
    url = correction_url("fixes@example.org", "Aland & Co", "Consent", "Explicit", DAY, "https://example.org/x/")
    assert url.startswith("mailto:fixes@example.org?subject=Correction%3A%20Aland%20%26%20Co%2C%20Consent&body=")
    assert "+" not in url  # spaces as %20: mail clients do not read + as a space


@pytest.mark.parametrize("channel", ["https://x.example/new", "https://x.example/new?p=1", "fixes@example.org"])
def test_the_link_is_what_urlencode_gives_for_any_text(channel):
    """Each piece is quoted apart, once a build (corrections._quote): the same as urlencode quoting the whole."""
    texts = ["", "Aland & Co", "a=b?c/d#e%f+g", "生物识别 — 中国", "tab\tnew\nline", "emoji 😀 'q' \"qq\" <x>", "~._-"]
    for jurisdiction, dimension, value, page in zip(texts, reversed(texts), texts[2:] + texts[:2],
                                                    texts[4:] + texts[:4]):
        title = f"Correction: {jurisdiction}, {dimension}"
        body = (f"Jurisdiction: {jurisdiction}\nDimension: {dimension}\nValue shown: {value}\nAs of: 2026-11-27\n"
                f"Page: {page}\n\nWhat should it say, and what is the source?\n")
        if channel.startswith("https://"):
            query = urlencode({"title": title, "body": body}, quote_via=quote)
            expected = channel + ("&" if "?" in channel else "?") + query
        else:
            expected = f"mailto:{channel}?" + urlencode({"subject": title, "body": body}, quote_via=quote)
        assert correction_url(channel, jurisdiction, dimension, value, DAY, page) == expected


def test_no_channel_no_link():
    assert correction_url("", "A", "B", "C", DAY, "p") == ""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("corrections") / "site"
    build(FIXTURE, out, DAY)
    return out


def test_every_cell_on_jurisdiction_and_dimension_pages_has_the_link(site):
    for path, count in [("jurisdictions/bb/index.html", 3), ("compare/police/index.html", 4)]:
        page = BeautifulSoup((site / path).read_text(), "html.parser")
        links = page.select("a.correct")
        assert len(links) == count, path
        assert all(a["href"].startswith("https://github.com/example/atlas/issues/new?title=Correction") for a in links)
    body = parse_qs(urlsplit(links[1]["href"]).query)["body"][0]
    assert "Jurisdiction: Borduria\nDimension: Police use\nValue shown: Restricted" in body


def test_the_log_page_and_feed_list_corrections_newest_first(site):
    page = BeautifulSoup((site / "corrections/index.html").read_text(), "html.parser")
    items = page.select("ol.corrections li")
    assert [li.time.get_text() for li in items] == ["November 2026", "October 2, 2026"]
    assert [a.get_text() for a in items[1].select("a")] == ["Borduria", "Police use", "Borduria police ban"]
    parsed = feedparser.parse((site / "corrections/feed.xml").read_bytes())
    assert not parsed.bozo and parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == ["Correction: Union data regulation",
                                                 "Correction: Borduria, Police use, and Borduria police ban"]
    for entry in parsed.entries:
        assert page.find(id=entry.id.split("#")[1]) is not None


def test_bad_corrections_are_reported_at_their_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    site_yaml = content / "site.yaml"
    text = site_yaml.read_text().replace("date: 2026-10-02", "date: 2026-02-30").replace("policy: bb-ban", "policy: bb-bam")
    site_yaml.write_text(text)
    with pytest.raises(ContentError) as failure:
        check(content, DAY)
    problems = {(p.field, p.message, p.hint) for p in failure.value.problems}
    lines = text.splitlines()
    assert ("corrections.log[0].date", "'2026-02-30' is not a real date: February 2026 has 28 days", "") in problems
    assert ("corrections.log[0].policy", "unknown policy 'bb-bam'", "did you mean 'bb-ban'?") in problems
    where = {p.field: p.line for p in failure.value.problems}
    assert lines[where["corrections.log[0].policy"] - 1].strip() == "policy: bb-bam"
