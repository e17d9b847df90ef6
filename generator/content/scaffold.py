"""`policy-atlas new`: write a valid, commented starting file for a brief, policy or jurisdiction."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import yaml

from generator.content.textfiles import read_text
from generator.content.yamlload import parse_yaml

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
FOLDERS = {"jurisdiction": ("jurisdictions", ".yaml"), "policy": ("policies", ".yaml"), "brief": ("briefs", ".md")}
_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

JURISDICTION = """\
# yaml-language-server: $schema={schema}
id: {id}  # must equal the file name; policies and [[{raw}]] links refer to it
name: {title}  # the short name shown on the site, e.g. Illinois
# official_name: State of Illinois  # optional: the formal name
kind: country  # supranational | country | state | city
# parent: us  # optional: the jurisdiction whose law also applies here (us for us-il, eu for fr)
# iso_numeric: "840"  # countries only, quoted: the ISO 3166-1 numeric code, used for maps
region: {region}  # one of the region ids in site.yaml: {regions}
# A few sentences for its page and lists: what matters about its law here.
summary: >-
  Write a short summary of {raw} here.
authorities: []  # who enforces the law, e.g. - {{name: Data protection authority, role: Enforces the law, url: https://...}}
# draft: true  # uncomment to leave it out of builds until it is ready
"""

POLICY = """\
# yaml-language-server: $schema={schema}
id: {id}  # must equal the file name; by convention the jurisdiction id, then a short name (us-il-bipa)
title: {title}  # the full title of the law, ruling, decision, programme or proposal
# short_title: BIPA  # optional: a short name or acronym
# title_original: {{text: "Lei Geral de Proteção de Dados Pessoais", lang: pt}}  # optional: the title in the law's own language, with its BCP 47 language tag
# official_text:  # optional: the law as its maker publishes it (gazette, legislature, EUR-Lex ELI, court)
#   url: https://example.org/gazette/law  # the official version itself, not a copy
#   title: Official Gazette No. 1  # optional
#   publisher: Official Gazette  # optional
#   accessed: {today}  # only if you opened the link and saw the text; leave it out if the link could not be opened
jurisdiction: {jurisdiction}  # the id of the jurisdiction that made it (a file in jurisdictions/)
# applies_to: [fr]  # optional: other jurisdictions it applies to directly
type: proposal  # statute | regulation | court_ruling | enforcement | programme | proposal | guidance
history:  # dated status changes, oldest first; the current status is derived from them
  - date: {today}  # YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known
    status: proposed  # proposed | adopted | in_force | amended | decided | settled | suspended | struck_down | overturned | withdrawn | lapsed | repealed
    note: Say what happened on this date.  # optional
    cite: {{source: placeholder}}  # optional: one of the ids under sources
modalities: []  # what it covers: {modalities}
# What it does, in a few sentences.
summary: >-
  Write a short summary of {raw} here.
provisions: {{}}  # dimension id -> what this policy says on it; replace {{}} with entries like:
#   {dimension}:
#     value: {value}  # one of the dimension's value ids in dimensions.yaml
#     note: What the text says, in a sentence.
#     cite: {{source: placeholder, pinpoint: "Art. 9(1)"}}
#     # sector: private  # optional: public (the state and its bodies), private or both (the default)
#     # from: 2026-01-01  # optional: applies later than the policy (or until: it stops)
#   # Where the law differs by sector, give a list, one provision per sector:
#   # {dimension}:
#   #   - {{value: {value}, sector: public, note: ..., cite: {{source: placeholder}}}}
#   #   - {{value: {value}, sector: private, note: ..., cite: {{source: placeholder}}}}
sources:  # every cite.source above must name one of these ids
  # NOTE: placeholder. Replace it with the real document (its title, publisher and address) before publishing.
  - id: placeholder  # a short id, cited as {{source: placeholder}}
    title: The document's title
    kind: official  # official (the law, gazette, court or regulator's own text), secondary (law firm, commentary, copy), news, company, ngo or academic
    # publisher: Official Journal  # optional: who published it
    url: https://example.org/  # an http(s) or mailto: address
    # date: 2024-01  # optional: the date of the document itself
    accessed: {today}  # when you last checked the source
tags: []  # optional free-form tags, e.g. [consumer law]
# draft: true  # uncomment to leave it out of builds until it is ready
"""

BRIEF = """\
---
title: {title}  # the headline
date: {today}  # publication date, YYYY-MM-DD
# updated: {today}  # optional: the date of the last substantial revision
authors: []  # e.g. [Policy Atlas editors]
# One or two sentences for lists and feeds.
summary: >-
  Write a short summary of this brief here.
jurisdictions: []  # ids of the jurisdictions it discusses, e.g. [us-il]
policies: []  # ids of the policies it discusses, e.g. [us-il-bipa]
tags: []  # optional free-form tags
# draft: true  # uncomment to leave it out of builds until it is ready
---
## A first heading

Write the brief in Markdown. Link a record by its id with `[[id]]`, or set the link text with
`[[id|text]]`. Footnotes[^1] cite sources.

[^1]: A source, https://example.org/
"""


class ScaffoldError(Exception):
    """A new file cannot be written; carries a message and a hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint

    def __str__(self) -> str:
        return self.message + (f"\n    hint: {self.hint}" if self.hint else "")


def _plain(text: str) -> str:
    """Return an id as a YAML scalar, quoted when plain YAML would read it as something else."""
    return text if yaml.safe_load(text) == text else json.dumps(text)


def _quoted(text: str) -> str:
    """Return any string as a one-line YAML double-quoted scalar."""
    text = text.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates
    return "".join(c if c.isprintable() else f"\\U{ord(c):08x}" for c in json.dumps(text, ensure_ascii=False))


def _ids(folder: Path, suffix: str) -> list[str]:
    """Return the sorted ids of the record files in a folder."""
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix == suffix and _ID.match(p.stem) and p.is_file())


def _read(path: Path):
    """Return the data of a YAML settings file, or raise ScaffoldError."""
    text, problems = read_text(path, path.name) if path.is_file() else (None, [])
    located, problems = parse_yaml(text, path.name) if text is not None else (None, problems)
    if located is None:
        raise ScaffoldError(f"cannot read {path}", "run `policy-atlas check` and fix the problems it reports")
    return located.data


def _fields(kind: str, record_id: str, source: Path) -> dict[str, str]:
    """Return the values that depend on the content folder: a region, a jurisdiction, a dimension."""
    if kind == "jurisdiction":
        regions = [r["id"] for r in _read(source / "site.yaml").get("regions") or []]
        if not regions:
            raise ScaffoldError("site.yaml lists no regions", "add one, e.g. regions: [{id: europe, label: Europe}]")
        return {"region": _plain(regions[0]), "regions": ", ".join(regions)}
    if kind == "policy":
        jurisdictions = _ids(source / "jurisdictions", ".yaml")
        if not jurisdictions:
            raise ScaffoldError("there is no jurisdiction for the policy to belong to",
                                "create one first: policy-atlas new jurisdiction ID")
        prefixed = [j for j in jurisdictions if record_id.startswith(j + "-") or record_id.startswith(j + "_")]
        chosen = max(prefixed, key=len) if prefixed else jurisdictions[0]  # us-il-x belongs to us-il
        dimensions = _read(source / "dimensions.yaml") if (source / "dimensions.yaml").is_file() else []
        try:
            dimension, value = dimensions[0]["id"], dimensions[0]["values"][0]["id"]
        except (IndexError, KeyError, TypeError):
            dimension, value = "dimension_id", "value_id"
        declared = _read(source / "site.yaml").get("modalities")
        values = declared.get("values") if isinstance(declared, dict) else None
        modalities = [m.get("id") for m in values if isinstance(m, dict)] if isinstance(values, list) else []
        listed = ("any of: " + ", ".join(map(str, modalities))) if modalities else "ids of your choosing, e.g. [shops]"
        return {"jurisdiction": _plain(chosen), "dimension": dimension, "value": value, "modalities": listed}
    return {}


def scaffold(kind: str, record_id: str, source: Path, today: dt.date, title: str | None = None) -> Path:
    """Write a new, valid, commented record file under `source` and return its path."""
    if kind not in FOLDERS:
        raise ScaffoldError(f"unknown kind '{kind}'", "use one of: " + ", ".join(sorted(FOLDERS)))
    if not _ID.match(record_id) or len(record_id) > 80:
        raise ScaffoldError(f"'{record_id}' cannot be used as an id",
                            "use at most 80 lower-case letters and digits, joined by single '-' or '_', e.g. us-il-bipa")
    if not (source / "site.yaml").is_file():
        raise ScaffoldError(f"{source} is not a content folder (it has no site.yaml)", "use --source DIR")
    for folder, suffix in FOLDERS.values():
        if (source / folder / (record_id + suffix)).exists():
            raise ScaffoldError(f"'{record_id}' already exists: {source / folder / (record_id + suffix)}",
                                "ids are shared by jurisdictions, policies and briefs ([[id]] links): choose another")
    if title is not None and not title.strip():
        raise ScaffoldError("the title is empty", "give a title, e.g. --title \"Digital Fair Repair Act\"")
    folder, suffix = FOLDERS[kind]
    directory = source / folder
    directory.mkdir(exist_ok=True)
    path = directory / (record_id + suffix)
    try:
        path.resolve().relative_to(source.resolve())
    except ValueError:
        raise ScaffoldError(f"{directory} leads outside the content folder", "make it a real folder") from None
    schema = Path(os.path.relpath(SCHEMAS / f"{kind}.schema.json", path.resolve().parent)).as_posix()
    default = record_id.replace("-", " ").replace("_", " ").capitalize()
    values = {"id": _plain(record_id), "raw": record_id, "title": _quoted(title.strip() if title else default),
              "today": today.isoformat(), "schema": schema, **_fields(kind, record_id, source)}
    text = {"jurisdiction": JURISDICTION, "policy": POLICY, "brief": BRIEF}[kind].format(**values)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(text)
    return path
