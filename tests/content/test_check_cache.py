"""`check` takes the documents a build into the default output parsed (its cache, beside that output) instead of
parsing them again, reports the same problems and warnings, and writes nothing."""

import datetime as dt
import os

import pytest

from generator.build import build, check_with_warnings
from generator.content import load
from generator.content.cache import FILE, FOLDER
from generator.problems import ContentError

DAY = dt.date(2026, 11, 27)


@pytest.fixture
def parsed(monkeypatch):
    """Count the YAML documents parsed (not taken from the cache) by the loading in this process."""
    seen = []
    real = load.parse_yaml

    def counting(text, shown, *args, **kwargs):
        seen.append(shown)
        return real(text, shown, *args, **kwargs)
    monkeypatch.setattr(load, "parse_yaml", counting)
    return seen


def _stray_mark(mini):
    """Give a brief a likely mistake that `check` warns of (a bold phrase ending in a full-width mark)."""
    brief = mini / "briefs" / "first-brief.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace("A claim.", "**Claim。**A claim."), encoding="utf-8")


def test_check_takes_what_the_default_build_parsed_and_parses_only_what_changed_since(mini, parsed):
    _stray_mark(mini)
    _, cold = check_with_warnings(mini, DAY, jobs=1)
    everything = len(parsed)
    assert everything > 5
    build(mini, mini.parent / "site", DAY, search=False, jobs=1)  # the default output: beside the content folder
    parsed.clear()
    _, warm = check_with_warnings(mini, DAY, jobs=1)
    assert parsed == []
    assert warm == cold and any("printed as it is" in w.message for w in warm)  # the text's warnings, as before
    policy = next((mini / "policies").glob("*.yaml"))
    policy.write_text(policy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    check_with_warnings(mini, DAY, jobs=1)
    assert parsed == [f"content/policies/{policy.name}"]


def test_check_reports_a_problem_in_a_file_the_build_had_parsed(mini):
    build(mini, mini.parent / "site", DAY, search=False, jobs=1)
    policy = next((mini / "policies").glob("*.yaml"))
    policy.write_text(policy.read_text(encoding="utf-8").replace("jurisdiction:", "jurisdiction: [", 1),
                      encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        check_with_warnings(mini, DAY, jobs=1)
    assert [problem.path for problem in raised.value.problems] == [f"content/policies/{policy.name}"]


def test_check_writes_no_cache(mini):
    check_with_warnings(mini, DAY, jobs=1)
    assert not (mini.parent / FOLDER).exists()
    build(mini, mini.parent / "site", DAY, search=False, jobs=1)
    kept = mini.parent / FOLDER / FILE
    before = (kept.read_bytes(), os.stat(kept).st_mtime_ns)
    brief = mini / "briefs" / "first-brief.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace("A claim.", "A claim, edited."), encoding="utf-8")
    check_with_warnings(mini, DAY, jobs=1)
    assert (kept.read_bytes(), os.stat(kept).st_mtime_ns) == before
