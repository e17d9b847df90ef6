"""The derivation on the mini site: inheritance, a repealed law, a proposal, an overturned ruling, dates."""

import datetime as dt

import pytest

from generator.compare.derive import derive, status_on
from generator.content.load import load
from generator.content.model import build_atlas


@pytest.fixture
def atlas(mini, day):
    content, problems = load(mini)
    atlas, more = build_atlas(content, day, drafts=False)
    assert problems == more == []
    return atlas


def cell(atlas, when, jurisdiction, dimension):
    return derive(atlas, dt.date.fromisoformat(when)).cell(jurisdiction, dimension)


def test_member_state_inherits_from_parent(atlas):
    c = cell(atlas, "2026-01-01", "fr", "consent")
    assert (c.value, c.winner.policy, c.winner.inherited) == ("explicit", "eu-law", True)


def test_own_law_wins_until_repealed(atlas):
    before = cell(atlas, "2017-01-01", "fr", "consent")
    assert (before.value, before.winner.policy, before.winner.inherited) == ("notice_only", "fr-old-law", False)
    on_the_day = cell(atlas, "2018-05-25", "fr", "consent")
    assert (on_the_day.value, on_the_day.winner.policy) == ("explicit", "eu-law")


def test_adopted_law_is_pending_before_it_applies(atlas):
    c = cell(atlas, "2017-01-01", "eu", "consent")
    assert c.value == "unknown" and c.winner is None
    assert [(p.policy, p.status) for p in c.pending] == [("eu-law", "adopted")]


def test_nothing_before_the_first_event(atlas):
    c = cell(atlas, "2000-01-01", "fr", "consent")
    assert (c.value, c.winner, c.pending) == ("unknown", None, ())


def test_proposal_is_listed_beside_the_value(atlas):
    c = cell(atlas, "2026-01-01", "us-il", "police")
    assert c.value == "restricted" and c.winner.policy == "us-police-act" and c.winner.inherited
    assert [(p.policy, p.provision.value, p.status) for p in c.pending] == [("us-ban-bill", "banned", "proposed")]
    assert cell(atlas, "2020-05-31", "us-il", "police").pending == ()  # not yet proposed


def test_overturned_ruling_stops_counting(atlas):
    during = cell(atlas, "2020-01-01", "us-il", "police")
    assert (during.value, during.winner.policy) == ("restricted", "us-il-ruling")  # most specific wins
    assert [o.policy for o in during.others] == ["us-il-act", "us-police-act"]
    after = cell(atlas, "2022-01-01", "us-il", "police")
    assert after.winner.policy == "us-police-act" and after.winner.inherited


def test_unknown_never_hides_a_known_value(atlas):
    # us-il-act says police: unknown, but the federal act's known value still shows.
    c = cell(atlas, "2022-01-01", "us-il", "police")
    assert c.value == "restricted"
    assert "us-il-act" in [o.policy for o in c.others]


def test_provision_from_date_is_scheduled_until_then(atlas):
    c = cell(atlas, "2016-01-01", "us", "police")
    assert c.value == "unknown"
    assert [(p.policy, p.scheduled) for p in c.pending] == [("us-police-act", True)]
    assert cell(atlas, "2017-01-01", "us", "police").value == "restricted"


def test_latest_wins_within_a_jurisdiction(atlas, mini, day):
    extra = mini / "policies/eu-newer.yaml"
    extra.write_text((mini / "policies/eu-law.yaml").read_text()
                     .replace("id: eu-law", "id: eu-newer").replace("2016-04-27", "2020-01-01")
                     .replace("2018-05-25", "2021-01-01").replace("value: explicit", "value: notice_only"))
    content, _ = load(mini)
    newer, problems = build_atlas(content, day, drafts=False)
    assert problems == []
    assert cell(newer, "2020-06-01", "fr", "consent").winner.policy == "eu-law"
    c = cell(newer, "2021-06-01", "fr", "consent")
    assert (c.value, c.winner.policy, [o.policy for o in c.others]) == ("notice_only", "eu-newer", ["eu-law"])


def test_status_on_tracks_runs(atlas):
    policy = atlas.policy["us-il-ruling"]
    assert status_on(policy, dt.date(2019, 1, 1)) == ("", None)
    assert status_on(policy, dt.date(2020, 1, 1))[0] == "decided"
    assert status_on(policy, dt.date(2022, 1, 1))[0] == "overturned"


def test_an_inherited_provision_is_one_layer_in_every_jurisdiction_it_reaches(synthetic, day):
    """A parent's provision makes the same layer in each of its members (derive's `made`): one object, so that the
    comparison a full build keeps in its state holds it once (at 10,000 briefs 25,800 layers are 18,700)."""
    content, problems = load(synthetic)
    comparison = derive(build_atlas(content, day, drafts=False)[0])
    layers = [layer for cells in comparison.cells.values() for cell in cells
              for layer in (cell.winner, *cell.others, *cell.pending) if layer is not None]
    inherited = [layer for layer in layers if layer.inherited]
    assert len(inherited) > len(set(inherited))  # members of one parent inherit its provisions
    assert len({id(layer) for layer in layers}) == len(set(layers))
