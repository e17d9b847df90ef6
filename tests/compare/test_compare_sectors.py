"""Sector-aware derivation on tests/sites/sectors: each sector's cell from the provisions that bind it."""

import datetime as dt

import pytest

from generator.compare.derive import BOTH, KNOWN, NOT_RESEARCHED, PRIVATE, PUBLIC, UNKNOWN, SectorsDiffer, derive
from generator.content.load import load
from generator.content.model import build_atlas
from generator.compare.snapshots import derive_each

DAY = dt.date(2026, 11, 27)


def atlas_of(source):
    content, problems = load(source)
    atlas, more = build_atlas(content, DAY, drafts=False)
    assert problems == more == []
    return atlas


@pytest.fixture
def comparison(sectors):
    return derive(atlas_of(sectors), DAY)


def summary(cell):
    """(sector, value, winning policy or None, inherited) of a cell."""
    return (cell.sector, cell.value, cell.winner.policy if cell.winner else None,
            cell.winner.inherited if cell.winner else None)


def test_different_public_and_private_values_in_one_jurisdiction(comparison):
    public, private = comparison.sectors("us-or-portland", "face_recognition")
    assert summary(public) == (PUBLIC, "banned", "us-or-portland-bans", False)
    assert summary(private) == (PRIVATE, "restricted", "us-or-portland-bans", False)
    assert public.winner.provision.cite.pinpoint == "Ordinance 190113"
    assert private.winner.provision.cite.pinpoint == "Ordinance 190114"
    # The federal public-only rule is outranked in the public cell and does not reach the private one.
    assert [o.policy for o in public.others] == ["us-federal-act"] and private.others == ()
    assert comparison.cell("us-or-portland", "face_recognition", PUBLIC) is public
    with pytest.raises(SectorsDiffer):
        comparison.cell("us-or-portland", "face_recognition")


def test_public_only_federal_rule_is_inherited_beside_a_private_only_state_law(comparison):
    public, private = comparison.sectors("us-il", "consent")
    assert summary(public) == (PUBLIC, "notice_only", "us-federal-act", True)
    assert summary(private) == (PRIVATE, "explicit", "us-il-bipa", False)
    assert public.others == () and private.others == ()  # neither rule reaches the other sector
    # Where the state has no law, the federal rule still binds only the public sector.
    public, private = comparison.sectors("us-or", "consent")
    assert summary(public) == (PUBLIC, "notice_only", "us-federal-act", True)
    assert summary(private) == (PRIVATE, UNKNOWN, None, None) and private.status == NOT_RESEARCHED


def test_an_unknown_hides_no_known_value_of_its_own_sector_only(comparison):
    # BIPA's face_recognition is unknown for both sectors; the federal rule is known for the public one.
    public, private = comparison.sectors("us-il", "face_recognition")
    assert summary(public) == (PUBLIC, "restricted", "us-federal-act", True)
    assert [o.policy for o in public.others] == ["us-il-bipa"]
    assert summary(private) == (PRIVATE, UNKNOWN, "us-il-bipa", False) and private.status == UNKNOWN


def test_a_proposal_that_touches_one_sector_is_pending_there_only(sectors):
    atlas = atlas_of(sectors)
    comparison = derive(atlas, DAY)
    public, private = comparison.sectors("us-or", "face_recognition")
    assert summary(public) == (PUBLIC, "restricted", "us-federal-act", True) and public.pending == ()
    assert private.status == NOT_RESEARCHED
    assert [(p.policy, p.provision.value, p.status) for p in private.pending] == [
        ("us-or-private-ban-bill", "banned", "proposed")]
    # A city below it inherits the pending proposal in the private sector only.
    public, private = comparison.sectors("us-or-portland", "face_recognition")
    assert public.pending == () and [p.policy for p in private.pending] == ["us-or-private-ban-bill"]
    # Before it was proposed, nothing was pending in either sector.
    public, private = derive(atlas, dt.date(2025, 1, 1)).sectors("us-or", "face_recognition")
    assert public.pending == private.pending == ()


def test_one_cell_stands_for_both_sectors_when_every_provision_binds_both(comparison):
    (cell,) = comparison.sectors("mx", "consent")
    assert summary(cell) == (BOTH, "explicit", "mx-lfpdppp", False) and cell.status == KNOWN
    assert comparison.cell("mx", "consent", PRIVATE) is cell is comparison.cell("mx", "consent")
    (cell,) = comparison.sectors("us-il", "oversight")  # by_sector: false
    assert summary(cell) == (BOTH, "authority", "us-federal-act", True)


def test_research_status_of_each_kind(comparison):
    assert comparison.cell("mx", "consent").status == KNOWN
    assert comparison.cell("us-il", "face_recognition", PRIVATE).status == UNKNOWN
    (nothing,) = comparison.sectors("mx", "face_recognition")
    assert nothing.status == NOT_RESEARCHED and nothing.winner is None and nothing.sector == BOTH


def test_sector_cells_over_time_match_derive_on_each_day(sectors):
    atlas = atlas_of(sectors)
    days = [DAY, dt.date(2025, 1, 1), dt.date(2020, 9, 8), dt.date(2020, 9, 9), dt.date(2010, 1, 1)]
    for day, comparison in zip(days, derive_each(atlas, days), strict=True):
        assert comparison == derive(atlas, day)
