"""changes: the cells each dated step changed, and what a pending proposal would change, checked against derive."""

import datetime as dt
import random
from dataclasses import replace
from pathlib import Path

import pytest

from generator.compare.changes import BOTH, WhatIf, change_log, diff, enacted, pending_policies
from generator.compare.derive import derive
from generator.compare.snapshots import derive_each
from generator.content.load import load
from generator.content.model import build_atlas
from test_snapshots import write_synthetic_site

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "sites" / "changes"
SECTORS = REPO / "tests" / "sites" / "sectors"
ONE_DAY = dt.timedelta(days=1)


def atlas_of(source, day=dt.date(2026, 11, 27)):
    content, problems = load(source)
    atlas, more = build_atlas(content, day, drafts=False)
    assert problems == more == []
    return atlas


def summary(changes):
    """Return each change as (date, jurisdiction, dimension, before, after, causes as 'policy:status')."""
    return [(c.day.isoformat(), c.jurisdiction, c.dimension, c.before.value, c.after.value,
             tuple(f"{x.policy}:{x.status}" for x in c.causes)) for c in changes]


@pytest.fixture
def log():
    return change_log(atlas_of(FIXTURE))


def test_the_fixtures_whole_log(log):
    assert summary(log.changes) == [
        ("2010-01-01", "aa", "consent", "unknown", "notice_only", ("aa-old:in_force",)),
        ("2010-01-01", "aa", "retention", "unknown", "fixed", ("aa-old:in_force",)),
        ("2012-03-01", "cc", "consent", "unknown", "notice_only", ("cc-act:in_force",)),
        ("2012-03-01", "cc", "retention", "unknown", "none", ("cc-act:in_force",)),
        # the union regulation reaches its members; Aland's own act is repealed the same day
        ("2018-05-25", "aa", "consent", "notice_only", "explicit", ("aa-old:repealed", "un-reg:in_force")),
        ("2018-05-25", "aa", "retention", "fixed", "unknown", ("aa-old:repealed",)),
        ("2018-05-25", "bb", "consent", "unknown", "explicit", ("un-reg:in_force",)),
        ("2018-05-25", "un", "consent", "unknown", "explicit", ("un-reg:in_force",)),
        # a provision with its own start date, inherited
        ("2019-01-01", "aa", "police", "unknown", "restricted", ("un-reg:applies",)),
        ("2019-01-01", "bb", "police", "unknown", "restricted", ("un-reg:applies",)),
        ("2019-01-01", "un", "police", "unknown", "restricted", ("un-reg:applies",)),
        ("2019-03-01", "bb", "police", "restricted", "banned", ("bb-ban:in_force",)),
        # struck down: the inherited rule shows again
        ("2020-06-15", "bb", "police", "banned", "restricted", ("bb-ban:struck_down",)),
        # an amendment changing two dimensions at once
        ("2021-07-01", "cc", "consent", "notice_only", "explicit", ("cc-act:amended", "cc-amendment:in_force")),
        ("2021-07-01", "cc", "retention", "none", "fixed", ("cc-act:amended", "cc-amendment:in_force")),
    ]


def test_indexes_by_policy_jurisdiction_and_dimension(log):
    assert len(log.by_policy["un-reg"]) == 6  # 3 cells in 2018, 3 in 2019
    assert [c.dimension for c in log.by_policy["cc-amendment"]] == ["consent", "retention"]
    assert "cc-bill" not in log.by_policy and "un-bill" not in log.by_policy  # proposals change nothing
    assert [c.day.year for c in log.by_jurisdiction["bb"]] == [2018, 2019, 2019, 2020]
    assert {c.jurisdiction for c in log.by_dimension["police"]} == {"aa", "bb", "un"}
    assert all(c.sector == BOTH for c in log.changes)


def test_a_change_records_the_rules_before_and_after(log):
    change = next(c for c in log.changes if (c.jurisdiction, c.dimension, c.day.year) == ("aa", "consent", 2018))
    assert change.before.winner.policy == "aa-old" and not change.before.winner.inherited
    assert change.after.winner.policy == "un-reg" and change.after.winner.inherited
    assert [cause.date.iso for cause in change.causes] == ["2018-05-25", "2018-05-25"]
    assert change.key == "aa-consent-2018-05-25"


def rule(cell):
    """Return what a logged cell must share with derive's: the rule it rests on (its status may be older)."""
    w = cell.winner
    return (w.policy, w.provision, w.inherited, w.since, w.scheduled) if w else (None,)


def assert_log_matches_derive(atlas):
    """Every change is derive's cell the day before and on the day, and derive shows no other change."""
    log = change_log(atlas)
    days = sorted({c for p in atlas.policies for c in
                   [e.date.first for e in p.history] +
                   [d.first for v in p.provisions for d in (v.start, v.end) if d]})
    around = sorted({d for c in days for d in (c - ONE_DAY, c)})
    on = dict(zip(around, derive_each(atlas, around)))
    logged = {}
    for change in log.changes:
        logged.setdefault(change.day, []).append(change)
    for day in days:
        expected = diff(on[day - ONE_DAY], on[day])
        found = logged.pop(day, [])
        assert [(c.jurisdiction, c.dimension, c.sector, c.before.value, c.after.value) for c in found] == \
               [(c.jurisdiction, c.dimension, c.sector, c.before.value, c.after.value) for c in expected], day
        for got, want in zip(found, expected):
            assert rule(got.before) == rule(want.before) and rule(got.after) == rule(want.after), day
            assert got.causes and {x.policy for x in got.causes} <= {rule(got.before)[0], rule(got.after)[0]}, day
    assert logged == {}


def test_fixture_log_matches_derive():
    assert_log_matches_derive(atlas_of(FIXTURE))


def test_sectors_log_matches_derive():
    assert_log_matches_derive(atlas_of(SECTORS))


def test_a_change_of_one_sector_is_logged_for_that_sector():
    """BIPA binds business only: in 2008 Illinois' private sector changed; the public sector waited for federal law."""
    changes = change_log(atlas_of(SECTORS)).by_jurisdiction["us-il"]
    assert [(c.day.isoformat(), c.dimension, c.sector, c.before.winner is None, c.after.value) for c in changes] == [
        ("2008-10-03", "consent", "private", True, "explicit"),
        ("2015-01-01", "consent", "public", True, "notice_only"),
        ("2015-01-01", "face_recognition", "public", False, "restricted"),
        ("2015-01-01", "oversight", BOTH, True, "authority")]
    assert len({c.key for c in changes}) == 4  # stable ids tell the sectors apart


def test_a_proposal_for_one_sector_changes_only_that_sector():
    atlas = atlas_of(SECTORS)
    actual = derive(atlas)
    hypothetical, changes = WhatIf(atlas, actual)(["us-or-private-ban-bill"])
    assert [(c.jurisdiction, c.dimension, c.sector, c.after.value) for c in changes] == [
        ("us-or", "face_recognition", "private", "banned")]  # Portland's own ordinance still governs Portland
    assert hypothetical.cells == derive(hypothetical_atlas(atlas, {"us-or-private-ban-bill"})).cells


def test_mini_log_matches_derive(mini):
    assert_log_matches_derive(atlas_of(mini))


def test_shipped_log_matches_derive():
    assert_log_matches_derive(atlas_of(REPO / "content"))


def test_a_log_carried_from_before_a_policy_edit_equals_the_log_worked_out_afresh():
    """live.py redoes the log only where an edited policy reaches, and takes the rest from the last log."""
    from types import MappingProxyType

    atlas = atlas_of(REPO / "content")
    before = change_log(atlas)
    edited = 0
    for policy in [p for p in atlas.policies if before.by_policy.get(p.id)][:6]:  # policies that changed cells
        changed = replace(policy, provisions=policy.provisions[1:])  # one provision dropped
        policies = {**atlas.policy, policy.id: changed}
        after = replace(atlas, policies=tuple(policies[p.id] for p in atlas.policies), policy=MappingProxyType(policies))
        holders = {policy.jurisdiction, *policy.applies_to}
        touched = frozenset(j for j, chain in atlas.chain.items() if holders.intersection(chain))
        fresh = change_log(after)
        assert change_log(after, since=(before, touched)) == fresh
        edited += fresh != before
    assert edited  # the edits changed the log, so the carried part was not simply all of it


@pytest.mark.parametrize("seed", range(12))
def test_synthetic_log_matches_derive(tmp_path, seed):
    source = tmp_path / "content"
    write_synthetic_site(source, random.Random(seed))
    assert_log_matches_derive(atlas_of(source))


# -- if enacted ---------------------------------------------------------------------------------------
def test_pending_policies_are_the_proposals():
    atlas = atlas_of(FIXTURE)
    assert pending_policies(atlas) == ("cc-bill", "un-bill")
    assert pending_policies(atlas, dt.date(2017, 1, 1)) == ("un-reg",)  # adopted, not yet in force


def test_a_proposal_changes_only_what_it_would_change():
    atlas = atlas_of(FIXTURE)
    what_if = WhatIf(atlas, derive(atlas))
    _, changes = what_if(["cc-bill"])
    # consent is explicit already: restating it changes nothing
    assert [(c.jurisdiction, c.dimension, c.before.value, c.after.value) for c in changes] == [
        ("cc", "police", "unknown", "banned")]
    assert changes[0].after.winner.policy == "cc-bill"


def test_a_union_proposal_reaches_its_members():
    atlas = atlas_of(FIXTURE)
    hypothetical, changes = WhatIf(atlas, derive(atlas))(["un-bill"])
    assert [(c.jurisdiction, c.before.value, c.after.value) for c in changes] == [
        ("aa", "unknown", "fixed"), ("bb", "unknown", "fixed"), ("un", "unknown", "fixed")]
    assert all(c.after.winner.inherited for c in changes if c.jurisdiction != "un")
    assert hypothetical.cell("cc", "retention").value == "fixed"  # Carpania's own law, untouched


def hypothetical_atlas(atlas, policy_ids):
    policies = {p.id: (enacted(p, atlas.as_of) if p.id in policy_ids else p) for p in atlas.policies}
    return replace(atlas, policies=tuple(policies.values()), policy=policies)


@pytest.mark.parametrize("ids", [["cc-bill"], ["un-bill"], ["cc-bill", "un-bill"]])
def test_if_enacted_is_derive_with_the_proposal_in_force(ids):
    atlas = atlas_of(FIXTURE)
    actual = derive(atlas)
    hypothetical, changes = WhatIf(atlas, actual)(ids)
    expected = derive(hypothetical_atlas(atlas, set(ids)))
    assert hypothetical.cells == expected.cells
    assert changes == diff(actual, expected)


@pytest.mark.parametrize("seed", range(8))
def test_if_enacted_matches_derive_on_synthetic_sites(tmp_path, seed):
    source = tmp_path / "content"
    write_synthetic_site(source, random.Random(seed))
    atlas = atlas_of(source)
    actual = derive(atlas)
    shared = {}
    change_log(atlas, shared)
    what_if = WhatIf(atlas, actual, shared)  # reusing the log's steps, as the site does
    pending = pending_policies(atlas)
    for ids in [[p] for p in pending] + [list(pending)]:
        hypothetical, changes = what_if(ids)
        expected = derive(hypothetical_atlas(atlas, set(ids)))
        assert hypothetical.cells == expected.cells, ids
        assert changes == diff(actual, expected), ids


def test_a_later_start_date_is_brought_forward():
    atlas = atlas_of(FIXTURE, dt.date(2017, 1, 1))
    policy = enacted(atlas.policy["un-reg"], atlas.as_of)
    assert [(e.date.iso, e.status) for e in policy.history] == [
        ("2016-04-27", "adopted"), ("2017-01-01", "in_force"), ("2018-05-25", "in_force")]  # kept in date order
    assert all(p.start is None for p in policy.provisions)
    _, changes = WhatIf(atlas, derive(atlas))(["un-reg"])
    # Aland's own act still holds its consent rule: a member's own law outranks the union's
    assert {(c.jurisdiction, c.dimension) for c in changes} == {
        ("un", "consent"), ("bb", "consent"), ("un", "police"), ("aa", "police"), ("bb", "police")}
