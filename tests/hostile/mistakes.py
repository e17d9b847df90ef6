"""Every kind of authoring mistake the issue names, as an edit of the mini site and the problems it must give.

Each mistake maps to (edit, expected) where expected is a set of (file, line, column, words in the message):
the report must hold exactly these problems, one line each.
"""

from __future__ import annotations

from pathlib import Path

BOMB = "\n".join(['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'] +
                 [f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]) + "\n"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def sparse(path: Path, size: int = 50 * 1024 * 1024) -> None:
    """Make `path` a 50 MB file at once (a sparse file: no 50 MB of writes)."""
    with path.open("r+b" if path.exists() else "wb") as handle:
        handle.truncate(size)


P, J, B = "content/policies/", "content/jurisdictions/", "content/briefs/"


def _invalid_yaml(c):
    edit(c / "policies/eu-law.yaml", "title: EU data law", "title: [EU data law")


def _tabs(c):
    edit(c / "jurisdictions/fr.yaml", "kind: country", "\tkind: country")


def _bom_with_error(c):
    path = c / "jurisdictions/fr.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"name: Name of fr", b"name: [fr]"))


def _bom_inside(c):
    edit(c / "jurisdictions/fr.yaml", "summary: A test", "summary: \ufeffA test\n\ufeffoops: x")


def _not_utf8(c):
    path = c / "jurisdictions/fr.yaml"
    path.write_bytes(path.read_bytes().replace(b"Name of fr", b"Name of caf\xe9"))


def _wrong_type(c):
    edit(c / "policies/eu-law.yaml", "title: EU data law", "title: 5")


def _missing_field(c):
    edit(c / "jurisdictions/us.yaml", "kind: country\n", "")


def _unknown_id(c):
    edit(c / "policies/eu-law.yaml", "jurisdiction: eu", "jurisdiction: eu-x")


def _duplicate_id(c):
    (c / "policies/fr.yaml").write_text((c / "policies/eu-law.yaml").read_text().replace("id: eu-law", "id: fr"))


def _duplicate_ids_inside(c):
    text = (c / "dimensions.yaml").read_text()
    (c / "dimensions.yaml").write_text(text + text.split("- id: police")[0])  # the consent dimension again
    edit(c / "policies/eu-law.yaml", '  - {id: text, title: EU law text, url: "https://example.org/eu", accessed: 2026-11-26, kind: official}',
         '  - {id: text, title: EU law text, url: "https://example.org/eu", accessed: 2026-11-26, kind: official}\n'
         '  - {id: text, title: Again, url: "https://example.org/eu2", accessed: 2026-11-26, kind: official}')


def _duplicate_key(c):
    edit(c / "jurisdictions/us.yaml", "kind: country", "kind: country\nkind: state")


def _parent_cycle(c):
    edit(c / "jurisdictions/eu.yaml", "kind: supranational", "kind: supranational\nparent: fr")


def _dates_out_of_order(c):
    edit(c / "policies/eu-law.yaml", "2016-04-27", "2019-04-27")


def _impossible_date(c):
    edit(c / "policies/eu-law.yaml", "2016-04-27", "2023-02-30")
    edit(c / "policies/us-il-act.yaml", "2008-10-03", "2008-13-01")
    edit(c / "briefs/first-brief.md", "date: 2026-11-01", "date: 2025-02-29")


def _empty_file(c):
    (c / "policies/eu-law.yaml").write_text("")
    (c / "jurisdictions/us.yaml").write_text("  \n# only a comment\n")
    (c / "briefs/second-brief.md").write_text("")


def _huge_file(c):
    sparse(c / "policies/eu-law.yaml")
    sparse(c / "briefs/second-brief.md")


def _alias_bomb(c):
    (c / "policies/eu-law.yaml").write_text(BOMB)


def _quote_left_open(c):
    edit(c / "briefs/first-brief.md", "summary: Links records.", 'summary: "Links records.')


def _front_matter_not_closed(c):
    edit(c / "briefs/first-brief.md", "policies: [eu-law]\n---\n", "policies: [eu-law]\n")


def _no_front_matter(c):
    (c / "briefs/second-brief.md").write_text("# Just Markdown\n\nNo front matter at all.\n")


def _control_character(c):
    edit(c / "jurisdictions/us.yaml", "name: Name of us", "name: Name of \x1b]0;pwned\x07us")


def _escaped_control_character(c):
    edit(c / "jurisdictions/us.yaml", "name: Name of us", 'name: "\\e[2J\\e[31mName of us"')


MISTAKES = {
    "invalid YAML": (_invalid_yaml, {(P + "eu-law.yaml", 3, 13, "invalid YAML")}),
    "tab indentation": (_tabs, {(J + "fr.yaml", 3, 1, "tab")}),
    "BOM then an error on line 1": (_bom_with_error, {(J + "fr.yaml", 2, 7, "expected text, found a list")}),
    "BOM inside the text": (_bom_inside, {(J + "fr.yaml", 7, 2, "byte-order mark")}),
    "not UTF-8": (_not_utf8, {(J + "fr.yaml", 2, 18, "not valid UTF-8")}),
    "wrong type": (_wrong_type, {(P + "eu-law.yaml", 2, 8, "expected text, found the number 5")}),
    "missing required field": (_missing_field, {(J + "us.yaml", 1, 1, "missing required field 'kind'")}),
    "unknown id": (_unknown_id, {(P + "eu-law.yaml", 3, 15, "unknown jurisdiction 'eu-x'")}),
    "duplicate id across kinds": (_duplicate_id, {(P + "fr.yaml", 1, 5, "also a jurisdiction id")}),
    "duplicate ids in one file": (_duplicate_ids_inside, {("content/dimensions.yaml", 15, 7, "duplicate dimension id"),
                                                          (P + "eu-law.yaml", 13, 10, "duplicate source id")}),
    "duplicate key": (_duplicate_key, {(J + "us.yaml", 4, 1, "duplicate key 'kind'")}),
    "parent cycle": (_parent_cycle, {(J + "eu.yaml", 4, 9, "parent cycle: eu -> fr -> eu")}),
    "dates out of order": (_dates_out_of_order, {(P + "eu-law.yaml", 7, 12, "comes before")}),
    "impossible dates": (_impossible_date, {(P + "eu-law.yaml", 6, 12, "not a real date"),
                                            (P + "us-il-act.yaml", 6, 12, "month"),
                                            (B + "first-brief.md", 3, 7, "not a real date")}),
    "empty file": (_empty_file, {(P + "eu-law.yaml", 1, 1, "no YAML content"), (J + "us.yaml", 1, 1, "no YAML content"),
                                 (B + "second-brief.md", 1, 1, "no front matter")}),
    "huge file (50 MB)": (_huge_file, {(P + "eu-law.yaml", 1, 1, "limit is 4 MB"),
                                       (B + "second-brief.md", 1, 1, "limit is 4 MB")}),
    "YAML alias bomb": (_alias_bomb, {(P + "eu-law.yaml", 1, 68, "aliases")}),
    "control character in the text": (_control_character, {(J + "us.yaml", 2, 15, "U+001B is not allowed")}),
    "control character from an escape": (_escaped_control_character, {(J + "us.yaml", 2, 7, "unprintable character U+001B")}),
    "a quote left open in front matter": (_quote_left_open, {(B + "first-brief.md", 4, 10, "quoted scalar")}),
    "front matter not closed": (_front_matter_not_closed, {(B + "first-brief.md", 1, 1, "never closed")}),
    "Markdown without front matter": (_no_front_matter, {(B + "second-brief.md", 1, 1, "no front matter")}),
}
