"""A content folder full of XSS payloads, from the OWASP XSS filter-evasion cheat sheet and friends.

Every payload, if it ever ran, would call alert() or set window.__xss, which the browser test watches for.
They go into every kind of text a site shows: titles, names, summaries, notes, pinpoints, source titles and
publishers, labels, questions, authorities, brief front matter, and brief bodies (raw HTML, link texts,
link URLs, images, [[id|text]] links, headings, tables, footnotes, code).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hostile_support import MINI

PAYLOADS = [
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=http://127.0.0.1:9/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116"
    "&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039"
    "&#0000041\">",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://127.0.0.1:9/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"javascript:alert('XSS')\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://127.0.0.1:9/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4=\""
    " type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "\" onmouseover=\"alert(1)\" autofocus onfocus=\"alert(1)\" x=\"",
    "' autofocus onfocus='alert(1)' x='",
    "</script><script>alert(1)</script>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<details open ontoggle=alert(1)>",
    "<style>@import'http://127.0.0.1:9/xss.css';</style>",
    "<div style=\"background-image: url(javascript:alert('XSS'))\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<video><source onerror=\"javascript:alert(1)\">",
    "<body onpageshow=alert(1)>",
    "]]><script>alert(1)</script><![CDATA[",
    "{{ 7*7 }}{% raw %}${alert(1)}",
    "javascript:alert(1)",
    "\u2028\u2029<script>alert(1)</script>",
]

# Markdown-only ways in: links, images, autolinks and references with dangerous schemes, obfuscated.
MARKDOWN_LINKS = [
    "[plain](javascript:alert(1))",
    "[mixed case](JaVaScRiPt:alert(1))",
    "[entity](&#106;avascript:alert(1))",
    "[hex entity](&#x6A;&#x61;vascript:alert(1))",
    "[named entity](javascript&colon;alert(1))",
    "[tab entity](java&#09;script:alert(1))",
    "[newline entity](java&#x0A;script:alert(1))",
    "[angle spaced](<java script:alert(1)>)",
    "[leading space](< javascript:alert(1)>)",
    "[escaped colon](javascript\\:alert(1))",
    "[percent](javascript%3Aalert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[DATA](DATA:text/html,<script>alert(1)</script>)",
    "[vbscript](vbscript:msgbox(1))",
    "[VBScript](VbScRiPt:msgbox(1))",
    "[title quote](https://example.org/ \"a\\\" onmouseover=\\\"alert(1)\")",
    "[quote in url](https://example.org/\"onmouseover=\"alert(1))",
    "![image](javascript:alert(1))",
    "![onerror](x\" onerror=\"alert(1))",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<data:text/html,alert(1)>",
    "[reference][evil]",
    "[[eu-law|<script>alert(1)</script>]]",
    "[[fr|\" onmouseover=\"alert(1)]]",
]


def _q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid double-quoted YAML scalar


def _rotate(start: int, count: int = 4) -> str:
    return " ".join(PAYLOADS[(start + i) % len(PAYLOADS)] for i in range(count))


def xss_site(target: Path, records: int = 6) -> Path:
    """Write the mini site plus `records` jurisdictions and policies whose every text is a payload."""
    shutil.copytree(MINI, target)
    n = iter(range(10_000))
    site = (target / "site.yaml").read_text()
    site = site.replace("title: Mini Atlas", f"title: {_q(_rotate(next(n)))}\ntagline: {_q(_rotate(next(n)))}\n"
                        f"description: {_q(_rotate(next(n)))}\nauthor: {_q(_rotate(next(n)))}\n"
                        f"license: {_q(_rotate(next(n)))}")
    site = site.replace("label: Compare,", f"label: {_q(_rotate(next(n)))},").replace(
        "label: Europe", f"label: {_q(_rotate(next(n)))}")
    (target / "site.yaml").write_text(site)
    dims = (target / "dimensions.yaml").read_text()
    for old in ("label: Consent", "question: What consent is needed?", "label: Police use",
                "label: Explicit,", "label: Notice only,"):
        key = old.split(":")[0]
        dims = dims.replace(old, f"{key}: {_q(_rotate(next(n)))}" + ("," if old.endswith(",") else ""))
    dims = dims.replace("question: May police use face recognition?",
                        f"question: {_q(_rotate(next(n)))}\n  group: {_q(_rotate(next(n)))}\n"
                        f"  description: {_q(_rotate(next(n)))}")
    dims = dims.replace('{id: banned, label: Banned, color: "#1f5f8b"}',
                        f'{{id: banned, label: Banned, color: "#1f5f8b", description: {_q(_rotate(next(n)))}}}')
    (target / "dimensions.yaml").write_text(dims)
    for i in range(records):
        jid = f"xss-{i}"
        (target / "jurisdictions" / f"{jid}.yaml").write_text(
            f"id: {jid}\nname: {_q(_rotate(next(n)))}\nofficial_name: {_q(_rotate(next(n)))}\nkind: state\n"
            f"parent: us\nregion: north-america\nsummary: {_q(_rotate(next(n)))}\n"
            f"authorities:\n  - {{name: {_q(_rotate(next(n)))}, role: {_q(_rotate(next(n)))}, "
            f"url: {_q('https://example.org/' + PAYLOADS[i % len(PAYLOADS)])}}}\n")
        (target / "policies" / f"{jid}-act.yaml").write_text(
            f"id: {jid}-act\ntitle: {_q(_rotate(next(n)))}\nshort_title: {_q(_rotate(next(n)))}\n"
            f"jurisdiction: {jid}\ntype: statute\n"
            f"history:\n  - {{date: 2015-01-01, status: adopted, note: {_q(_rotate(next(n)))}}}\n"
            f"  - {{date: 2016-01-0{i % 9 + 1}, status: in_force, note: {_q(_rotate(next(n)))}, "
            f"cite: {{source: s, pinpoint: {_q(_rotate(next(n)))}}}}}\n"
            f"summary: {_q(_rotate(next(n)))}\n"
            f"provisions:\n  consent: {{value: explicit, note: {_q(_rotate(next(n)))}, "
            f"cite: {{source: s, pinpoint: {_q(_rotate(next(n)))}}}}}\n"
            f"  police: {{value: banned, note: {_q(_rotate(next(n)))}, cite: {{source: s}}}}\n"
            f"sources:\n  - {{id: s, title: {_q(_rotate(next(n)))}, publisher: {_q(_rotate(next(n)))}, "
            f"url: {_q('https://example.org/?q=' + PAYLOADS[(i + 3) % len(PAYLOADS)])}, accessed: 2026-11-26, "
            f"kind: official, language: en}}\n")
    body = ["## " + PAYLOADS[0], "", *PAYLOADS, "", *(f"- {link}" for link in MARKDOWN_LINKS), "",
            "| " + PAYLOADS[5] + " | " + PAYLOADS[6] + " |", "|---|---|", "| " + PAYLOADS[7] + " | x |", "",
            "```html", PAYLOADS[0], "```", "", "`" + PAYLOADS[1] + "`", "", "A note.[^x]", "",
            "[^x]: " + PAYLOADS[2], "", "[evil]: javascript:alert(1)", ""]
    (target / "briefs" / "xss-brief.md").write_text(
        f"---\ntitle: {_q(_rotate(next(n)))}\ndate: 2026-11-02\nauthors: [{_q(_rotate(next(n)))}]\n"
        f"summary: {_q(_rotate(next(n)))}\njurisdictions: [xss-0]\npolicies: [xss-0-act]\n---\n" + "\n".join(body))
    return target
