"""`policy-atlas init`: write a new, minimal, valid site that an author turns into their own.

The starter is about a made-up country and a made-up law, so that nothing in it can be mistaken for
a fact: every file says, in comments, what to change. It passes `check` and `build` as written.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from generator.content.scaffold import SCHEMAS, ScaffoldError, _quoted

MAX_TITLE = 200
ALLOWED_BEFORE = {".git"}  # a folder holding only these counts as empty (`git init` first is common)

SITE = """\
# yaml-language-server: $schema={schema_site}
#
# The settings of your atlas. Start here: give it a title, say what it compares, and set base_url to
# the address where it will be published. Then edit dimensions.yaml (what is compared), replace the
# example jurisdiction, policy and brief, and run `policy-atlas check` after each change.
title: {title}
tagline: What the rules on one question are, jurisdiction by jurisdiction  # one line under the title
# A sentence or two for the home page, search engines and feeds.
description: >-
  An open, sourced comparison of the laws, rulings and proposals on one question across
  jurisdictions. Every cell links to the provision and the source behind it.
base_url: https://example.org/  # where it will be published; a sub-path works (https://example.org/atlas/)
language: en  # a BCP 47 language tag: en, en-GB, fr (it sets how dates read: October 3, 2008 in en)
theme: default  # a folder under themes/ beside this folder overrides single templates; the rest comes from default
author: {title_author}  # who publishes it
license: CC BY 4.0  # the licence of the content, shown in the footer (or remove the line)
featured_dimension: approach  # the dimension drawn on the home page's map
compare_caption: Rules by jurisdiction and dimension  # the compare table's caption: say what is compared
# modalities:  # optional: what a policy may list under `modalities` (techniques, products...), and their name
#   label: Covers
#   values:
#     - {{id: shops, label: Shops}}
navigation:  # the menu: labels, and paths under base_url
  - {{label: Compare, path: compare/}}
  - {{label: Jurisdictions, path: jurisdictions/}}
  - {{label: Policies, path: policies/}}
  - {{label: Briefs, path: briefs/}}
  - {{label: Timeline, path: timeline/}}
  - {{label: Data, path: data/}}
  - {{label: Search, path: search/}}
regions:  # groups for the compare table's filter; every jurisdiction names one of these ids
  - {{id: africa, label: Africa}}
  - {{id: asia-pacific, label: Asia-Pacific}}
  - {{id: europe, label: Europe}}
  - {{id: latin-america, label: Latin America and the Caribbean}}
  - {{id: middle-east, label: Middle East}}
  - {{id: north-america, label: North America}}
"""

DIMENSIONS = """\
# yaml-language-server: $schema={schema_dimensions}
#
# The comparison axes: each dimension is a question that every jurisdiction gets an answer to, and
# becomes a column of the compare table and a page with a map. These three are examples that fit
# many topics: rewrite them for yours (the question should be answerable from a law's text).
# Values are ordered (the table sorts by this order, strongest first) and the last is always
# `unknown`. Any #rrggbb colour works: the badge text is black or white, whichever reads better.
- id: approach  # lower-case letters, digits, '-' and '_'; policies' provisions name it
  label: Approach  # the column heading
  group: What the law does  # optional: columns with the same group get a shared heading
  question: How does the law treat the activity this atlas compares?
  values:
    - {{id: banned, label: Banned, color: "#1f5f8b", description: "The activity is prohibited."}}
    - {{id: licensed, label: Licence needed, color: "#4f8fbf", description: "Allowed only with a licence, permit or prior approval."}}
    - {{id: disclosure, label: Disclosure only, color: "#e08a2c", description: "Allowed if people are told."}}
    - {{id: none, label: No specific rule, color: "#a04a0c", description: "No rule specific to the activity."}}
    - {{id: unknown, label: Unknown, color: "#c9c9c9", description: "Not known, or no record in the atlas covers it."}}

- id: enforcement
  label: Enforcement
  group: Who acts
  question: Who can enforce the rules?
  values:
    - {{id: both, label: Regulator and courts, color: "#1f5f8b", description: "A regulator enforces, and individuals can sue."}}
    - {{id: regulator, label: Regulator, color: "#7fb3d5", description: "A public authority enforces."}}
    - {{id: courts, label: Courts only, color: "#e08a2c", description: "Only individuals' lawsuits enforce the rules."}}
    - {{id: none, label: No one, color: "#a04a0c", description: "No enforcement mechanism."}}
    - {{id: unknown, label: Unknown, color: "#c9c9c9", description: "Not known, or no record in the atlas covers it."}}

- id: max_penalty
  label: Maximum penalty
  group: Who acts
  question: What is the highest fine the law allows?
  by_sector: false  # one answer for the whole jurisdiction (provisions may not name a sector)
  values:
    - {{id: high, label: High, color: "#1f5f8b", description: "A share of turnover, or above 10 million (say the figure in the note)."}}
    - {{id: moderate, label: Moderate, color: "#7fb3d5", description: "A fixed amount up to 10 million."}}
    - {{id: none, label: No fine, color: "#a04a0c", description: "No fine is set."}}
    - {{id: unknown, label: Unknown, color: "#c9c9c9", description: "Not known, or no record in the atlas covers it."}}
"""

JURISDICTION = """\
# yaml-language-server: $schema={schema_jurisdiction}
#
# AN EXAMPLE: Exampleland does not exist. Replace this file with a real jurisdiction, or create one
# with `policy-atlas new jurisdiction fr --title France`. The file name must equal the id.
id: exampleland  # an ISO 3166 code in lower case (fr, cn), or a path-like code for parts (us-il, us-ca-sf)
name: Exampleland  # the short name shown on the site
kind: country  # supranational | country | state | city
# parent: eu  # optional: a jurisdiction whose law also applies here (eu for fr, us for us-il)
# iso_numeric: "250"  # countries only, quoted: the ISO 3166-1 numeric code, which puts it on the map
region: europe  # one of the region ids in site.yaml
summary: >-
  A made-up country, here to show what a jurisdiction record looks like. Replace it with a few
  sentences on what matters about the law of a real jurisdiction.
authorities:  # who enforces the law here
  - {{name: Exampleland Regulator, role: Grants licences and fines those who act without one}}
"""

POLICY = """\
# yaml-language-server: $schema={schema_policy}
#
# AN EXAMPLE: the Example Act is made up. Replace it with a real law, ruling, decision, programme or
# proposal (`policy-atlas new policy ID` writes a blank one). Every value a provision gives must
# cite one of the sources below, with a pinpoint (article, section or page).
id: exampleland-example-act  # the jurisdiction's id first, then a short name; equals the file name
title: Example Act (a made-up law)  # the full title
short_title: Example Act  # optional: a short name or acronym
# title_original: {{text: Loi exemple, lang: fr}}  # optional: the official title in its own language
jurisdiction: exampleland  # the jurisdiction that made it (a file in jurisdictions/)
type: statute  # statute | regulation | court_ruling | enforcement | programme | proposal | guidance
history:  # dated status changes, oldest first; the current status is derived from them
  - {{date: {proposed}, status: proposed, note: The bill was introduced., cite: {{source: example-act-text}}}}
  - {{date: {in_force}, status: in_force, note: The act came into force., cite: {{source: example-act-text, pinpoint: s. 20}}}}
summary: >-
  A made-up act that requires a licence for the activity this atlas compares. Replace it with what
  a real policy does, in a few sentences.
provisions:  # dimension id (from dimensions.yaml) -> what this policy says on it
  approach:
    value: licensed  # one of the dimension's value ids
    note: No one may carry on the activity without a licence from the regulator (made up).
    cite: {{source: example-act-text, pinpoint: s. 3(1)}}
    # sector: private  # optional: public (the state), private (companies) or both (the default)
# official_text: {{url: https://example.org/, title: Example Act, publisher: Official Gazette}}  # the law itself
sources:  # every cite.source above names one of these ids
  - id: example-act-text
    title: Example Act, full text (placeholder)
    kind: official  # official | secondary | news | company | ngo | academic
    publisher: Exampleland Official Gazette
    url: https://example.org/  # the address of the document
    accessed: {today}  # when you last checked the source
"""

BRIEF = """\
---
# Briefs are Markdown articles with this front matter. AN EXAMPLE: replace it, or write another
# with `policy-atlas new brief SLUG`. The file name (a slug) is the page's address.
title: How this atlas works
date: {today}  # YYYY-MM-DD
authors: [{author}]
summary: >-
  What a policy atlas is made of, and how to turn this example into your own.
jurisdictions: [exampleland]  # ids of the jurisdictions it discusses
policies: [exampleland-example-act]  # ids of the policies it discusses
tags: [getting-started]
---
Every cell of the comparison is derived from policies: the [[approach]] cell for
[[exampleland]] comes from a provision of the [[exampleland-example-act]], and it applies from the
date the act came into force. Change the dates in its history and the table changes with them;
`policy-atlas build --as-of 2020-01-01` shows the table as it stood on that day.

## What to change

1. `site.yaml`: the title, what the atlas compares, and `base_url`.
2. `dimensions.yaml`: the questions every jurisdiction gets an answer to.
3. `jurisdictions/`, `policies/` and `briefs/`: replace the examples with real records, each value
   cited to its source.[^1]

Link any record by its id with `[[id]]`, or choose the text with `[[exampleland|this text]]`.

[^1]: Every source has a kind (official, secondary, news, company, ngo or academic), https://example.org/
"""

GITIGNORE = """\
# Written by policy-atlas build and serve: the site, the preview, caches and build bookkeeping.
/site/
/.site-*
/.atlas-cache/
/.atlas-preview/
/..atlas-preview-*
__pycache__/
.venv/
"""

README = """\
# {title}

A site made with Policy Atlas, a static site generator for comparing laws across jurisdictions.
The content is in `content/`.

```sh
policy-atlas check        # check every file and report every problem
policy-atlas serve        # preview at http://127.0.0.1:5500/, rebuilt on every save
policy-atlas build        # the finished site, in site/
policy-atlas new policy ID --title "..."   # a blank, commented record (also: jurisdiction, brief)
```

Start with `content/site.yaml`; the comments in each file say what to change. Publish `site/` to any
static host (GitHub Pages, Netlify, Cloudflare Pages, a bucket).
"""


def _check_folder(folder: Path) -> None:
    """Raise ScaffoldError unless `folder` is absent or empty, and it or its nearest existing parent is writable."""
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir():
            raise ScaffoldError(f"{folder} is a file, not a folder", "give the name of a new or empty folder")
        found = sorted(entry.name for entry in folder.iterdir())
        if set(found) - ALLOWED_BEFORE:
            shown = ", ".join(found[:3]) + (", ..." if len(found) > 3 else "")
            raise ScaffoldError(f"{folder} is not empty (it holds {shown}); nothing was written",
                                "give the name of a new or empty folder")
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise ScaffoldError(f"cannot write in {existing}", "choose a folder you may write to")


def _check_title(title: str) -> str:
    """Return the title, stripped, or raise ScaffoldError if it cannot be a site title."""
    stripped = title.strip()
    if not stripped:
        raise ScaffoldError("the title is empty", 'give one, e.g. --title "Right to Repair Atlas"')
    if any(not c.isprintable() for c in stripped):
        raise ScaffoldError("the title contains a line break or a control character",
                            "give the title on one line, as plain text")
    if len(stripped) > MAX_TITLE:
        raise ScaffoldError(f"the title is {len(stripped)} characters long", f"keep it under {MAX_TITLE}")
    return stripped


def _files(folder: Path, title: str, today: dt.date) -> dict[Path, str]:
    """Return the text of every file of the starter site, by path."""
    content = folder / "content"
    paths = {"site": content / "site.yaml", "dimensions": content / "dimensions.yaml",
             "jurisdiction": content / "jurisdictions" / "exampleland.yaml",
             "policy": content / "policies" / "exampleland-example-act.yaml"}
    schemas = {f"schema_{kind}": Path(os.path.relpath(SCHEMAS / f"{kind}.schema.json",
                                                      path.parent.resolve())).as_posix()
               for kind, path in paths.items()}
    author = f"{title} contributors"
    values = {"title": _quoted(title), "title_author": _quoted(author), "author": _quoted(author),
              "today": today.isoformat(), "proposed": f"{today.year - 2}-03", "in_force": f"{today.year - 1}-01-01",
              **schemas}
    texts = {paths["site"]: SITE, paths["dimensions"]: DIMENSIONS, paths["jurisdiction"]: JURISDICTION,
             paths["policy"]: POLICY, content / "briefs" / "how-this-atlas-works.md": BRIEF}
    files = {path: text.format(**values) for path, text in texts.items()}
    return files | {folder / ".gitignore": GITIGNORE, folder / "README.md": README.format(title=title)}


def init_site(folder: Path, title: str | None, today: dt.date) -> list[Path]:
    """Write a new site into `folder` (absent or empty); return the files written.

    Raise ScaffoldError, having written nothing, if the folder or the title cannot be used.
    """
    title = _check_title(title) if title is not None else "My Policy Atlas"
    folder = Path(os.path.abspath(folder))
    _check_folder(folder)
    files = _files(folder, title, today)
    made: list[Path] = []  # folders created, outermost first, to remove if writing fails
    written: list[Path] = []
    try:
        for path, text in files.items():
            for parent in reversed(path.parents):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
                handle.write(text)
            written.append(path)
    except OSError as error:
        for path in reversed(written):
            path.unlink(missing_ok=True)
        for parent in reversed(made):
            shutil.rmtree(parent, ignore_errors=True)
        raise ScaffoldError(f"cannot write {error.filename or folder}: {error.strerror or error}; nothing was written",
                            "choose a folder you may write to") from None
    return written
