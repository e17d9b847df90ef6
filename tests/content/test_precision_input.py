"""Sector, source kind, official text and original title: each mistake is a file:line:column error, and two
silent traps (a value cut short by ' #', a symbolic link to nothing) are warnings that never fail a check."""

import os
from pathlib import Path

import pytest

from generator.build import build, check_with_warnings
from generator.cli import main
from generator.content import parallel
from generator.content.lint import cut_short
from generator.content.load import load
from generator.content.model import build_atlas
from generator.problems import ContentError


def problems_for(content: Path, day):
    loaded, problems = load(content)
    _, more = build_atlas(loaded, day, drafts=False, loaded_cleanly=not problems)
    return problems + more


def edit(path: Path, old: str, new: str):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def where(problem):
    return problem.path, problem.line, problem.column, problem.field


FEDERAL = "content/policies/us-federal-act.yaml"
PORTLAND = "content/policies/us-or-portland-bans.yaml"


def test_the_sectors_site_is_clean(sectors, day):
    assert problems_for(sectors, day) == []


def test_unknown_sector_in_one_provision(sectors, day):
    edit(sectors / "policies/us-federal-act.yaml", "sector: public, note: Agencies must", "sector: goverment, note: Agencies must")
    [problem] = problems_for(sectors, day)
    assert where(problem) == (FEDERAL, 10, 41, "provisions.consent.sector")
    assert problem.message == "'goverment' is not one of: public, private, both"
    assert "public" in problem.hint and "private" in problem.hint  # what the sectors are


def test_unknown_field_in_a_list_of_provisions(sectors, day):
    edit(sectors / "policies/us-or-portland-bans.yaml", "sector: private, note: Banned", "sectr: private, note: Banned")
    [problem] = problems_for(sectors, day)
    assert where(problem) == (PORTLAND, 11, 27, "provisions.face_recognition[1].sectr")
    assert (problem.message, problem.hint) == ("unknown field 'sectr'", "did you mean 'sector'?")


def test_a_provision_that_is_neither_a_mapping_nor_a_list(sectors, day):
    edit(sectors / "policies/mx-lfpdppp.yaml", "consent: {value: explicit,", "consent: explicit\n  other: {value: explicit,")
    problems = problems_for(sectors, day)
    first = next(p for p in problems if p.field == "provisions.consent")
    assert (first.line, first.column) == (12, 12)
    assert first.message == "expected a mapping (key: value) or a list, found 'explicit'"
    assert "one provision" in first.hint.lower()


def test_an_empty_list_of_provisions(sectors, day):
    edit(sectors / "policies/us-or-private-ban-bill.yaml", "face_recognition: {value: banned, sector: private, note: Would ban private use., cite: {source: bill}}",
         "face_recognition: []")
    [problem] = problems_for(sectors, day)
    assert (problem.line, problem.field, problem.message) == (9, "provisions.face_recognition", "must not be empty")


def test_source_kind_unknown_and_missing(sectors, day):
    edit(sectors / "policies/us-federal-act.yaml", "kind: secondary}", "kind: blog}")
    edit(sectors / "policies/us-il-bipa.yaml", ", kind: official}", "}")
    problems = {p.path: p for p in problems_for(sectors, day)}
    blog = problems[FEDERAL]
    assert where(blog) == (FEDERAL, 15, 109, "sources[1].kind")
    assert blog.message.startswith("'blog' is not one of: official, secondary, news")
    missing = problems["content/policies/us-il-bipa.yaml"]
    assert (missing.line, missing.field, missing.message) == (13, "sources[0]", "missing required field 'kind'")
    assert "official" in missing.hint


def test_original_title_needs_its_language(sectors, day):
    edit(sectors / "policies/mx-lfpdppp.yaml", ", lang: es}", "}")
    [problem] = problems_for(sectors, day)
    assert (problem.line, problem.column, problem.field) == (4, 17, "title_original")
    assert problem.message == "missing required field 'lang'" and "BCP 47" in problem.hint
    edit(sectors / "policies/mx-lfpdppp.yaml", "Particulares}", "Particulares, lang: Spanish}")
    [problem] = problems_for(sectors, day)
    assert (problem.field, problem.message) == ("title_original.lang", "'Spanish' is not in the expected form")


def test_official_text_must_be_a_web_address(sectors, day):
    edit(sectors / "policies/mx-lfpdppp.yaml", 'url: "https://example.org/dof/lfpdppp"', 'url: "javascript:alert(1)"')
    [problem] = problems_for(sectors, day)
    assert (problem.line, problem.field) == (5, "official_text.url")


def test_a_sector_on_a_dimension_with_one_answer(sectors, day):
    edit(sectors / "policies/us-federal-act.yaml", "oversight: {value: authority,", "oversight: {value: authority, sector: public,")
    [problem] = problems_for(sectors, day)
    assert where(problem) == (FEDERAL, 12, 41, "provisions.oversight.sector")
    assert problem.message == "oversight has one answer for every sector"


def test_two_provisions_for_one_sector(sectors, day):
    edit(sectors / "policies/us-or-portland-bans.yaml", "sector: private, note: Banned", "sector: both, note: Banned")
    [problem] = problems_for(sectors, day)
    assert where(problem)[:2] == (PORTLAND, 11) and problem.field == "provisions.face_recognition[1].sector"
    assert problem.message == "a second provision on face_recognition for the public sector"


@pytest.mark.parametrize("reserved", ["public", "private", "side-by-side"])
def test_dimension_ids_that_would_clash_with_pages(sectors, day, reserved):
    edit(sectors / "dimensions.yaml", "- id: oversight", f"- id: {reserved}")
    edit(sectors / "policies/us-federal-act.yaml", "  oversight:", f"  {reserved}:")
    [problem] = problems_for(sectors, day)
    assert (problem.path, problem.line, problem.field) == ("content/dimensions.yaml", 17, "[2].id")
    assert f"compare/{reserved}/" in problem.message


# -- warnings ------------------------------------------------------------------------------

@pytest.mark.parametrize("line, column, kept", [
    ("title: Law No. 5 #2", 18, "Law No. 5"),
    ("title: Law No. 5  #2  # the second law", 19, "Law No. 5"),
    ("notes:\n  - see item #3 below", 14, "see item"),
    ("title: Ley #Datos", 12, "Ley"),
])
def test_a_value_cut_short_by_a_comment_is_a_warning(line, column, kept):
    [warning] = cut_short(f"id: x\n{line}\n", "f.yaml")
    assert (warning.path, warning.line, warning.column, warning.warning) == ("f.yaml", line.count("\n") + 2, column, True)
    assert warning.message.startswith(f"the value ends at '{kept}'")
    assert "quote" in warning.hint and "space after '#'" in warning.hint


@pytest.mark.parametrize("text", [
    "title: Law No. 5  # a comment written as one",
    "url: https://example.org/page#section",
    "title: C# in court",
    'title: "Law No. 5 #2"',
    "title: 'Law No. 5 #2'",
    "note: |\n  Item #2 of the list\n",
    "# a comment line #2\ntitle: plain",
    "color: \"#1f5f8b\"",
    "title: Law No. 5 #",
    "title: Law No. 5 #_x",
    "title: [a, b]  #2",
])
def test_no_warning_where_the_comment_is_meant_or_there_is_none(text):
    assert cut_short(text + "\n", "f.yaml") == []


def test_warnings_keep_their_line_in_front_matter_and_do_not_fail_check(mini, day, capsys):
    edit(mini / "briefs/first-brief.md", "summary: Links records.", "summary: Links records #1 and #2.")
    edit(mini / "policies/eu-law.yaml", "title: EU data law", "title: EU data law #2016/679")
    atlas, warnings = check_with_warnings(mini, day)
    assert atlas.brief["first-brief"].summary == "Links records"  # what YAML read: the reason for the warning
    assert [(w.path, w.line, w.column) for w in warnings] == [
        ("content/briefs/first-brief.md", 4, 24), ("content/policies/eu-law.yaml", 2, 20)]
    assert main(["check", "--source", str(mini)]) == 0
    err = capsys.readouterr().err
    assert "content/briefs/first-brief.md:4:24: warning: the value ends at 'Links records'" in err
    assert "2 warnings" in err


def test_warnings_are_reported_beside_errors(mini, day, capsys):
    edit(mini / "policies/eu-law.yaml", "title: EU data law", "title: EU data law #2016/679")
    edit(mini / "policies/eu-law.yaml", "type: statute", "type: statue")
    with pytest.raises(ContentError) as raised:
        check_with_warnings(mini, day)
    assert [p.warning for p in raised.value.problems] == [False]
    assert [w.line for w in raised.value.warnings] == [2]
    assert main(["check", "--source", str(mini)]) == 1
    err = capsys.readouterr().err
    assert "eu-law.yaml:2:20: warning:" in err and "1 problem and 1 warning found." in err


def test_a_build_with_warnings_succeeds_and_says_so(mini, tmp_path, day):
    edit(mini / "policies/eu-law.yaml", "title: EU data law", "title: EU data law #2016/679")
    result = build(mini, tmp_path / "site", day)
    assert [w.line for w in result.warnings] == [2]
    assert (tmp_path / "site/policies/eu-law/index.html").is_file()


def test_a_symbolic_link_to_nothing_is_a_warning(mini, day):
    os.symlink("nowhere.yaml", mini / "policies/gone.yaml")
    os.symlink("/nonexistent/folder", mini / "notes")
    os.symlink("elsewhere", mini / "briefs/old.md")
    atlas, warnings = check_with_warnings(mini, day)
    assert sorted((w.path, w.line) for w in warnings) == [
        ("content/briefs/old.md", 0), ("content/notes", 0), ("content/policies/gone.yaml", 0)]
    assert all(w.warning and "does not exist" in w.message for w in warnings)
    assert len(atlas.policies) == 6  # the others are all read


def test_a_record_folder_that_links_to_nothing_is_a_warning(mini, day):
    for path in sorted((mini / "briefs").iterdir()):
        path.unlink()
    (mini / "briefs").rmdir()
    os.symlink("/nonexistent/briefs", mini / "briefs")
    _, warnings = check_with_warnings(mini, day)
    assert [w.path for w in warnings] == ["content/briefs"]


def test_worker_processes_bring_back_their_warnings(mini, day, monkeypatch):
    edit(mini / "policies/us-il-act.yaml", "title: Illinois act", "title: Illinois act #2")
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    one, _ = load(mini, jobs=1)
    two, _ = load(mini, jobs=2)
    assert two.warnings == one.warnings and [w.path for w in one.warnings] == ["content/policies/us-il-act.yaml"]
