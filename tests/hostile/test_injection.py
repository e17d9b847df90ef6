"""4. Nothing injected: payloads in content come out as text, links keep to safe schemes, every page has a CSP.

These tests read the built pages as a parser would; test_browser_xss.py loads them in Chromium.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.markdown import make_renderer, render_markdown
from hostile_support import FIGURES, run_main
from mistakes import edit
from xss_site import MARKDOWN_LINKS, PAYLOADS, xss_site

SAFE_SCHEMES = ("http", "https", "mailto")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background",
                  "ping", "cite", "srcdoc")
# Elements no content may create (the theme's own forms and inputs are allowed; their attributes are checked).
FORBIDDEN_TAGS = ("iframe", "object", "embed", "base", "frame", "frameset", "applet", "video", "audio", "source",
                  "math", "marquee", "portal")
CSP = "default-src 'self'"


def browser_scheme(url: str) -> str | None:
    """Return the scheme a browser would see in an attribute value, after entity decoding and the
    stripping browsers do (leading spaces and controls, tabs and newlines anywhere)."""
    text = html.unescape(url)
    text = re.sub(r"[\t\n\r]", "", text).lstrip("".join(chr(c) for c in range(0x21)))
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", text)
    return match.group(1).lower() if match else None


def injected(markup: str, *, allowed_scripts=("/atlas/static/", "/atlas/pagefind/")) -> list[str]:
    """Return every way `markup` could run a script or load something it should not; [] when clean."""
    found = []
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(True):
        name = tag.name.lower()
        if name in FORBIDDEN_TAGS:
            found.append(f"<{name}> element")
        if name == "script":
            src = tag.get("src", "")
            kind = tag.get("type", "")
            if kind == "application/json":
                try:
                    json.loads(tag.string or "")
                except ValueError:
                    found.append("inline JSON that does not parse (broken out of?)")
            elif not src.startswith(allowed_scripts):  # the theme's own files only
                found.append(f"script element {tag}"[:200])
        if name == "meta" and tag.get("http-equiv", "").lower() == "refresh":
            found.append("meta refresh")
        if name == "style":
            found.append("<style> element")
        for attribute, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            if attribute.lower().startswith("on"):
                found.append(f"event handler {attribute}= on <{name}>")
            if attribute.lower() in URL_ATTRIBUTES:
                for item in values:
                    scheme = browser_scheme(item)
                    if scheme and scheme not in SAFE_SCHEMES and not (scheme == "data" and name == "img"
                                                                     and item.startswith("data:image/")):
                        found.append(f"{attribute}={item[:60]!r} on <{name}>")
            if attribute.lower() == "style" and re.search(r"url\(|expression|javascript", " ".join(values), re.I):
                found.append(f"style with url()/expression on <{name}>")
    return found


# --- Markdown ------------------------------------------------------------------------------------------------

def md(text: str) -> str:
    return render_markdown(make_renderer(), text, lambda target: ("/x/", target) if target in ("eu-law", "fr") else None)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_raw_html_in_markdown_is_shown_as_text(payload):
    FIGURES["4. raw HTML payload in Markdown (escaped)"] += 1
    assert injected(md(payload)) == []
    assert injected(md(f"Text {payload} more\n\n> {payload}\n\n- {payload}\n\n**{payload}**")) == []


@pytest.mark.parametrize("link", MARKDOWN_LINKS + ["[ref][r]\n\n[r]: JaVaScRiPt:alert(1)",
                                                   "[ref][r]\n\n[r]: <data:text/html,x>",
                                                   "[x](\x01javascript:alert(1))", "[x](\u3000javascript:alert(1))",
                                                   "[x](javascript\u200b:alert(1))", "[x](&#x09;javascript:alert(1))",
                                                   "[x](&Tab;javascript:alert(1))", "[x](jav&NewLine;ascript:alert(1))"])
def test_markdown_links_allow_only_safe_schemes(link):
    FIGURES["4. dangerous Markdown link variant (neutralised)"] += 1
    rendered = md(link)
    assert injected(rendered) == [], rendered


def test_safe_links_still_work():
    rendered = md("[a](https://example.org/) [b](http://example.org/) [c](mailto:x@example.org) [d](../policies/) "
                  "[e](#top) <https://example.org/auto>")
    hrefs = [a["href"] for a in BeautifulSoup(rendered, "html.parser").find_all("a")]
    assert hrefs == ["https://example.org/", "http://example.org/", "mailto:x@example.org", "../policies/", "#top",
                     "https://example.org/auto"]


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.one_of(st.sampled_from(["<", ">", "\"", "'", "&", "&#", "x6A;", "#106;", "javascript", "JaVa",
                                           "script", ":", "alert(1)", "(", ")", "[", "]", "![", "](", "<svg",
                                           " onload=", "onerror=", "\t", "\n", "`", "data:", "vbscript:", "%3A",
                                           "&colon;", "\\", "[[", "]]", "|", "<img src=x", "\x00", "<!--", "-->"]),
                          st.text(max_size=5)), max_size=30))
def test_any_markdown_renders_without_injection(pieces):
    FIGURES["4. Hypothesis Markdown documents (no injection)"] += 1
    assert injected(md("".join(pieces))) == []


# --- URLs in YAML --------------------------------------------------------------------------------------------

BAD_URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "jav&#x0A;ascript:alert(1)",
            "&#106;avascript:alert(1)", "//evil.example/", "HTTPS://example.org", "file:///etc/passwd",
            "\x01javascript:alert(1)", "\u3000https://example.org", "https:/\\evil.example"]


@pytest.mark.parametrize("where", ["source url", "authority url"])
@pytest.mark.parametrize("url", BAD_URLS)
def test_yaml_urls_allow_only_http_https_mailto(mini, url, where):
    if where == "source url":
        edit(mini / "policies/eu-law.yaml", 'url: "https://example.org/eu"', f"url: {json.dumps(url)}")
    else:
        edit(mini / "jurisdictions/fr.yaml", "summary: A test jurisdiction.",
             f"summary: A test jurisdiction.\nauthorities:\n  - {{name: X, url: {json.dumps(url)}}}")
    outcome = run_main("check", "--source", str(mini))
    FIGURES["4. dangerous URL in YAML (refused)"] += 1
    assert outcome.code == 1 and "Traceback" not in outcome.text, outcome.text


# --- a whole site built from payloads ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def xss_built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    xss_site(root / "content")
    outcome = run_main("build", "--source", str(root / "content"), "--out", str(root / "site"))
    assert outcome.code == 0, outcome.text
    return root / "site"


def test_no_payload_survives_as_markup_on_any_page(xss_built):
    pages = sorted(xss_built.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        FIGURES["4. XSS site: HTML pages parsed for injected markup"] += 1
        assert injected(page.read_text(encoding="utf-8")) == [], page.relative_to(xss_built)


def test_payload_text_is_shown_verbatim(xss_built):
    """Escaping, not stripping: readers see exactly what the author wrote in YAML (Markdown decodes entities)."""
    text = "".join(BeautifulSoup(page.read_text(), "html.parser").get_text()
                   for folder in ("jurisdictions", "policies") for page in (xss_built / folder).rglob("index.html"))
    for payload in PAYLOADS:
        assert payload in text, payload
    home = BeautifulSoup((xss_built / "index.html").read_text(), "html.parser")
    assert "{{ 7*7 }}{% raw %}${alert(1)}" in text and "49" not in home.find("header").get_text()


def test_every_page_carries_a_content_security_policy_before_any_content(xss_built):
    for page in sorted(xss_built.rglob("*.html")):
        FIGURES["4. pages checked for a CSP meta tag"] += 1
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        metas = soup.head.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
        assert len(metas) == 1, page
        policy = metas[0]["content"]
        directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
        assert directives["default-src"] == ["'self'"] and directives["object-src"] == ["'none'"]
        assert directives["base-uri"] == ["'none'"] and directives["script-src"][0] == "'self'"
        for directive in ("script-src", "default-src", "style-src"):  # no inline script, no eval, no wildcard
            sources = directives.get(directive, [])
            assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(sources), policy
        first = soup.head.find(True)
        assert first.name == "meta" and (first.get("charset") or first is metas[0]), page
        assert soup.head.find_all(True).index(metas[0]) < soup.head.find_all(True).index(soup.head.title), page


def test_feeds_and_data_stay_well_formed(xss_built):
    for name in ("feed.xml", "sitemap.xml"):
        ElementTree.fromstring((xss_built / name).read_bytes())  # raises if a payload broke the XML
    data = json.loads((xss_built / "data/atlas.json").read_text())
    titles = [p["title"] for p in data["policies"]]
    assert any("<script>alert('XSS')</script>" in t or "</script><script>" in t for t in titles) or titles
    text = json.dumps(data)
    assert "<script>alert('XSS')</script>" in text  # kept as data, verbatim: escaping is the reader's job
    FIGURES["4. XSS site: feeds and data files parsed"] += 3


def test_csv_exports_defuse_spreadsheet_formulas(mini, tmp_path, day):
    from generator.build import build
    policy = mini / "policies/eu-law.yaml"
    policy.write_text(policy.read_text().replace("title: EU data law", "title: '=HYPERLINK(\"https://evil.example\",\"x\")'"))
    out = tmp_path / "site"
    build(mini, out, day)
    import csv
    rows = list(csv.reader((out / "data/policies.csv").read_text().splitlines()))
    titles = [row[1] for row in rows[1:]]
    assert "'=HYPERLINK(\"https://evil.example\",\"x\")" in titles
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
