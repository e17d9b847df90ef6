"""A policy page's title (the browser tab's, the citation's) is its short title, with its jurisdiction where another
policy has the same one (PDPA (Singapore), PDPA (Thailand)); an edit that makes two short titles alike or
different renders the pages it retitles, the edited way (from the state) as the full way."""

from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from generator.build import build
from site_trees import full_build, tree


def _set_short_title(path: Path, short: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["short_title"] = short
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000), encoding="utf-8")


def _title(out: Path, policy: str) -> str:
    return BeautifulSoup((out / f"policies/{policy}/index.html").read_text("utf-8"), "html.parser").title.get_text()


def test_a_short_title_two_policies_share_names_each_ones_jurisdiction(mini, tmp_path, day):
    _set_short_title(mini / "policies/eu-law.yaml", "DPL")
    _set_short_title(mini / "policies/fr-old-law.yaml", "DPL")
    _set_short_title(mini / "policies/us-il-act.yaml", "BIPA")
    out = tmp_path / "site"
    build(mini, out, day)
    eu, fr = _title(out, "eu-law"), _title(out, "fr-old-law")
    assert eu.startswith("DPL (") and fr.startswith("DPL (") and eu != fr
    assert _title(out, "us-il-act").startswith("BIPA · ")  # alone with it: the short title as it is
    citation = BeautifulSoup((out / "policies/eu-law/index.html").read_text("utf-8"), "html.parser").select_one("#cite")
    assert eu.split(" · ")[0] in citation.get_text()  # the citation names the same


def test_an_edit_that_makes_two_short_titles_alike_retitles_both_pages_as_a_full_build_does(mini, tmp_path, day):
    """The EU law's page shows nothing else of the Illinois act: only its title depends on it."""
    _set_short_title(mini / "policies/eu-law.yaml", "DPL")
    out = tmp_path / "site"
    build(mini, out, day)
    assert _title(out, "eu-law").startswith("DPL · ")
    _set_short_title(mini / "policies/us-il-act.yaml", "DPL")  # now shared: the EU law's page changes too
    result = build(mini, out, day)
    assert result.way == "edited"
    assert _title(out, "eu-law").startswith("DPL (")
    assert tree(out) == full_build(mini, tmp_path, day)
    _set_short_title(mini / "policies/us-il-act.yaml", "BIPA")  # no longer shared (the state still has no BIPA)
    build(mini, out, day)
    assert _title(out, "eu-law").startswith("DPL · ")
    assert tree(out) == full_build(mini, tmp_path, day)
