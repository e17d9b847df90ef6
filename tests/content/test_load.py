"""The invalid suite: each broken file gives a problem with the exact file, line and field."""

from pathlib import Path

from generator.content.load import find_links, load
from generator.content.model import build_atlas


def problems_for(content: Path, day):
    loaded, problems = load(content)
    _, more = build_atlas(loaded, day, drafts=False, loaded_cleanly=not problems)
    return problems + more


def edit(path: Path, old: str, new: str):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def test_mini_site_is_clean(mini, day):
    assert problems_for(mini, day) == []


def test_wrong_type_names_file_line_and_field(mini, day):
    edit(mini / "policies/eu-law.yaml", "title: EU data law", "title: [EU, data, law]")
    [problem] = problems_for(mini, day)
    assert (problem.path, problem.line, problem.field) == ("content/policies/eu-law.yaml", 2, "title")
    assert problem.message == "expected text, found a list"


def test_yes_no_gets_a_quoting_hint(mini, day):
    edit(mini / "jurisdictions/fr.yaml", "name: Name of fr", "name: yes")
    [problem] = problems_for(mini, day)
    assert problem.line == 2 and "quotes" in problem.hint


def test_unknown_field_suggests_the_right_one(mini, day):
    edit(mini / "policies/eu-law.yaml", "summary:", "sumary:")
    problems = problems_for(mini, day)
    messages = {(p.line, p.message, p.hint) for p in problems}
    assert (8, "unknown field 'sumary'", "did you mean 'summary'?") in messages
    assert any(p.message == "missing required field 'summary'" for p in problems)


def test_bad_enum_and_impossible_date(mini, day):
    edit(mini / "policies/eu-law.yaml", "type: statute", "type: statue")
    edit(mini / "policies/us-il-act.yaml", "2008-10-03", "2023-02-30")
    problems = problems_for(mini, day)
    by_file = {p.path: p for p in problems}
    assert by_file["content/policies/eu-law.yaml"].line == 4
    assert by_file["content/policies/eu-law.yaml"].hint == "did you mean 'statute'?"
    assert by_file["content/policies/us-il-act.yaml"].line == 6
    assert "28 days" in by_file["content/policies/us-il-act.yaml"].message


def test_all_problems_are_reported_in_one_run(mini, day):
    edit(mini / "policies/eu-law.yaml", "jurisdiction: eu", "jurisdiction: europe")
    edit(mini / "policies/us-il-act.yaml", "source: ilga}}\n  police", "source: nowhere}}\n  police")
    edit(mini / "jurisdictions/fr.yaml", "region: europe", "region: asia")
    edit(mini / "briefs/first-brief.md", "[[eu-law]]", "[[eu-lawz]]")
    problems = problems_for(mini, day)
    found = {(p.path.split("/")[-1], p.line, p.message) for p in problems}
    assert ("eu-law.yaml", 3, "unknown jurisdiction 'europe'") in found
    assert ("us-il-act.yaml", 9, "unknown source 'nowhere'") in found
    assert ("fr.yaml", 5, "unknown region 'asia'") in found
    assert ("first-brief.md", 10, "[[eu-lawz]] links to an id that does not exist") in found


def test_bad_date_does_not_hide_other_problems_in_the_same_record(mini, day):
    edit(mini / "policies/eu-law.yaml", "2016-04-27", "2016-02-30")
    edit(mini / "policies/eu-law.yaml", "jurisdiction: eu", "jurisdiction: eux")
    found = {(p.line, p.message.split(":")[0]) for p in problems_for(mini, day)}
    assert found == {(6, "'2016-02-30' is not a real date"), (3, "unknown jurisdiction 'eux'")}


def test_struck_down_law_stops_counting(mini, day):
    from generator.compare.derive import derive
    import datetime as dt
    edit(mini / "policies/us-il-act.yaml", "  - {date: 2008-10-03, status: in_force}",
         "  - {date: 2008-10-03, status: in_force}\n  - {date: 2020-02-01, status: struck_down}")
    loaded, problems = load(mini)
    atlas, more = build_atlas(loaded, day, drafts=False)
    assert problems == more == []
    assert derive(atlas, dt.date(2020, 1, 31)).cell("us-il", "consent").winner.policy == "us-il-act"
    assert derive(atlas, dt.date(2020, 2, 1)).cell("us-il", "consent").value == "unknown"


def test_parent_cycle_is_reported_once(mini, day):
    edit(mini / "jurisdictions/eu.yaml", "kind: supranational", "kind: supranational\nparent: fr")
    cycles = [p for p in problems_for(mini, day) if "cycle" in p.message]
    assert len(cycles) == 1 and "eu -> fr -> eu" in cycles[0].message


def test_history_out_of_order(mini, day):
    edit(mini / "policies/eu-law.yaml", "2016-04-27", "2019-04-27")
    [problem] = problems_for(mini, day)
    assert problem.line == 7 and "comes before" in problem.message


def test_partial_date_in_same_year_is_not_out_of_order(mini, day):
    edit(mini / "policies/eu-law.yaml", "2016-04-27", "2018")
    assert problems_for(mini, day) == []


def test_unknown_dimension_and_value(mini, day):
    edit(mini / "policies/us-il-act.yaml", "consent: {value: explicit", "consent: {value: written")
    edit(mini / "policies/us-ban-bill.yaml", "  police:", "  polise:")
    found = {(p.path.split("/")[-1], p.message) for p in problems_for(mini, day)}
    assert ("us-il-act.yaml", "'written' is not a value of consent") in found
    assert ("us-ban-bill.yaml", "unknown dimension 'polise'") in found


def test_id_must_match_file_name(mini, day):
    edit(mini / "jurisdictions/fr.yaml", "id: fr", "id: france")
    problems = problems_for(mini, day)
    assert any("does not match the file name" in p.message and p.line == 1 for p in problems)


def test_broken_record_does_not_cascade(mini, day):
    (mini / "jurisdictions/us.yaml").write_text("id: us\nname: [\n")
    problems = problems_for(mini, day)
    assert all(p.path.endswith("us.yaml") for p in problems), problems


def test_draft_links_are_errors_unless_drafts(mini, day):
    edit(mini / "policies/eu-law.yaml", "type: statute", "type: statute\ndraft: true")
    loaded, _ = load(mini)
    _, problems = build_atlas(loaded, day, drafts=False)
    assert any("draft" in p.message for p in problems)
    atlas, problems = build_atlas(loaded, day, drafts=True)
    assert problems == [] and "eu-law" in atlas.policy


def test_front_matter_errors_have_file_lines(mini, day):
    (mini / "briefs/no-front.md").write_text("Just text\n")
    (mini / "briefs/bad-front.md").write_text("---\ntitle: x\ndate: 2026-01-01\nsummary: s\nextra: 1\n---\nBody\n")
    found = {(p.path.split("/")[-1], p.line, p.message) for p in problems_for(mini, day)}
    assert ("no-front.md", 1, "no front matter") in found
    assert ("bad-front.md", 5, "unknown field 'extra'") in found


def test_links_in_code_are_ignored():
    body = "[[a]] `[[b]]`\n```\n[[c]]\n```\n  - [[d|text]]\n"
    assert [(link.target, link.line) for link in find_links(body, 5)] == [("a", 5), ("d", 9)]


def test_an_invisible_space_in_a_key_is_shown_escaped(mini, day):
    """A no-break space pasted before a key: the message shows it, and stays one clean report line."""
    edit(mini / "jurisdictions/eu.yaml", "id: eu", "\u00a0id: eu")
    lines = [problem.format().splitlines()[0] for problem in problems_for(mini, day)]
    assert "content/jurisdictions/eu.yaml:1:1: \\xa0id: unknown field '\\xa0id'" in lines


def test_reading_in_worker_processes_gives_the_same_records_and_problems(mini, day, monkeypatch):
    """Forked readers take contiguous runs of files; the parent must put them back in file order."""
    from generator.content import parallel

    edit(mini / "policies/eu-law.yaml", "title: EU data law", "title: [EU, data, law]")  # a problem mid-way
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    one, one_problems = load(mini, jobs=1)
    two, two_problems = load(mini, jobs=2)
    assert two_problems == one_problems and one_problems
    assert (two.jurisdictions, two.policies, two.briefs, two.broken) == (
        one.jurisdictions, one.policies, one.briefs, one.broken)
    assert two.hashes == one.hashes and len(one.hashes) > 5


def test_a_language_no_locale_is_known_for_is_a_problem_at_its_line(mini, day):
    """An unknown tag used to pass `check` and end `build` in a traceback from Babel (dates, numbers, lists)."""
    edit(mini / "site.yaml", "language: en", "language: qq")
    (mini / "site.yaml").write_text((mini / "site.yaml").read_text() + "languages:\n  - {code: zz-Nope, prefix: zz, label: Z}\n")
    problems = problems_for(mini, day)
    assert [(p.path, p.line, p.field) for p in problems] == [("content/site.yaml", 3, "language"),
                                                            ("content/site.yaml", 12, "languages[0].code")], problems
    assert "no locale is known for the language 'qq'" in problems[0].message and "en-GB" in problems[0].hint


def test_what_records_share_stays_bounded_in_a_long_running_process(monkeypatch):
    """serve runs for days: the objects records share (records._shared) are kept up to a bound, then forgotten."""
    from generator.content import records

    monkeypatch.setattr(records, "_SHARED", {})
    monkeypatch.setattr(records, "_MAX_SHARED", 3)
    first = records._shared(("a", "b"))
    assert records._shared(tuple(["a", "b"])) is first
    for n in range(10):
        assert records._shared((str(n),)) == (str(n),)
        assert len(records._SHARED) <= 3
