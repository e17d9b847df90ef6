"""The generator and its default theme carry no topic: a site on another subject builds with its own words."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from generator.build import build, check
from generator.compare.derive import derive
from generator.problems import ContentError

REPO = Path(__file__).resolve().parents[2]
REPAIR = REPO / "tests" / "sites" / "repair"
BIOMETRIC = re.compile(r"biometric|\bfaces?\b|facial|\bdna\b|\biris\b|surveillance|emotion recognition", re.I)
URL = re.compile(r"https?://[^\s\"'<>,]+")  # the content's own addresses (leginfo.legislature.ca.gov/faces/...)


@pytest.fixture
def repair(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(REPAIR, target)
    return target


def test_no_topic_words_in_the_generator_or_the_default_theme():
    shipped = [p for folder in (REPO / "generator", REPO / "themes" / "default") for p in folder.rglob("*")
               if p.is_file() and p.suffix in (".py", ".html", ".js", ".css", ".json") and "mapdata" not in p.parts]
    assert len(shipped) > 40
    found = [f"{p.relative_to(REPO)}: {m.group(0)}" for p in shipped for m in BIOMETRIC.finditer(p.read_text())]
    assert found == []


def test_the_repair_site_builds_with_its_own_words(repair, tmp_path, day):
    out = tmp_path / "site"
    result = build(repair, out, day)
    assert result.pages > 30
    every_page = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*")
                  if p.suffix in (".html", ".xml", ".json", ".csv", ".txt")}
    assert [path for path, text in every_page.items() if BIOMETRIC.search(URL.sub("", text))] == []
    compare = every_page["compare/index.html"]
    assert "<caption>Right-to-repair rules by jurisdiction and dimension, as of" in compare
    assert "Owners and repairers" in compare and "Listed goods" in compare
    policy = every_page["policies/us-ca-right-to-repair-act/index.html"]
    assert "Products: Consumer electronics, Household appliances" in policy
    home = every_page["index.html"]
    assert "Right to Repair Atlas (example)" in home and "<svg" in home  # the featured dimension's map
    assert 'href="/repair/compare/"' in home  # its own sub-path base_url


def test_inherited_and_later_provisions_follow_the_dates(repair, day):
    """France inherits the EU directive's duty to repair, which member states apply from 31 July 2026."""
    before = derive(check(repair, as_of=dt.date(2026, 7, 30)))
    after = derive(check(repair, as_of=day))
    assert before.cell("fr", "duty_to_repair").value == "unknown"
    assert after.cell("fr", "duty_to_repair").value == "listed_goods"
    assert after.cell("us-ca", "support_period").value == "set_period"


def test_a_policy_may_list_only_the_modalities_site_yaml_names(repair):
    policy = repair / "policies/us-ca-right-to-repair-act.yaml"
    policy.write_text(policy.read_text().replace("modalities: [electronics, appliances]",
                                                 "modalities: [electronics, appliance]"))
    with pytest.raises(ContentError) as error:
        check(repair)
    [problem] = error.value.problems
    assert (problem.path, problem.line, problem.field) == ("content/policies/us-ca-right-to-repair-act.yaml", 9,
                                                          "modalities[1]")
    assert "unknown modality 'appliance'" in problem.message and "did you mean 'appliances'?" in problem.hint


def test_without_a_modalities_list_any_id_goes_and_shows_as_written(mini, tmp_path, day):
    policy = mini / "policies/us-il-act.yaml"
    policy.write_text(policy.read_text().replace("type: statute", "type: statute\nmodalities: [tractors, phones]"))
    build(mini, tmp_path / "site", day)
    assert "Covers: tractors, phones" in (tmp_path / "site/policies/us-il-act/index.html").read_text()


def test_duplicate_modality_ids_are_reported(repair):
    site = repair / "site.yaml"
    site.write_text(site.read_text().replace("{id: appliances, label: Household appliances}",
                                             "{id: electronics, label: Household appliances}"))
    with pytest.raises(ContentError) as error:
        check(repair)
    assert any("duplicate modality id 'electronics'" in p.message and p.path == "content/site.yaml"
               for p in error.value.problems)
