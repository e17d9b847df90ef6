"""snapshots: the comparison worked out for many dates at once is compare.derive's, date by date."""

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
import yaml

from generator.compare.derive import derive
from generator.site.exports import snapshot_dates
from generator.content.load import load
from generator.content.model import build_atlas
from generator.compare.derive import reach_of
from generator.compare.snapshots import ProvisionSteps, candidates_of, cells_on, derive_each

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "sites" / "mini"
STATUSES = ["proposed", "adopted", "in_force", "amended", "decided", "settled", "suspended", "struck_down",
            "overturned", "withdrawn", "lapsed", "repealed"]
TYPES = ["statute", "regulation", "court_ruling", "enforcement", "programme", "proposal", "guidance"]
# id, kind, parent: three levels under a supranational body, and a country on its own.
JURISDICTIONS = [("sup", "supranational", None), ("c1", "country", "sup"), ("c2", "country", "sup"),
                 ("c3", "country", None), ("s1", "state", "c1"), ("s2", "state", "c1"), ("s3", "state", "c3"),
                 ("t1", "city", "s1")]


def atlas_of(source, day):
    content, problems = load(source)
    atlas, more = build_atlas(content, day, drafts=False)
    assert problems == more == []
    return atlas


def days_to_check(atlas):
    """Return the snapshot dates, and every date something changes on with the days either side of it."""
    changes = {e.date.first for p in atlas.policies for e in p.history}
    changes |= {d.first for p in atlas.policies for v in p.provisions for d in (v.start, v.end) if d}
    around = {c + dt.timedelta(days=shift) for c in changes for shift in (-1, 0, 1)}
    return [day for _, day in snapshot_dates(atlas)] + sorted(around, reverse=True)


def assert_same_as_derive(atlas, days):
    for day, comparison in zip(days, derive_each(atlas, days), strict=True):
        expected = derive(atlas, day)
        assert comparison == expected, day
        assert list(comparison.cells) == list(expected.cells)


def test_shipped_content_on_every_date(day):
    atlas = atlas_of(REPO / "content", day)
    assert_same_as_derive(atlas, days_to_check(atlas))


def test_mini_site_on_every_date(mini, day):
    atlas = atlas_of(mini, day)
    assert_same_as_derive(atlas, days_to_check(atlas))


@pytest.mark.parametrize("seed", range(12))
def test_synthetic_atlas_on_every_date(tmp_path, day, seed):
    source = tmp_path / "content"
    write_synthetic_site(source, random.Random(seed))
    atlas = atlas_of(source, day)
    assert_same_as_derive(atlas, days_to_check(atlas))


def test_an_unchanged_cell_is_the_same_object(mini, day):
    atlas = atlas_of(mini, day)
    days = [dt.date(2026, 1, 1), dt.date(2025, 1, 1), dt.date(2000, 1, 1)]
    cells = cells_on(atlas, days)[("fr", "consent")]
    assert cells[0] is cells[1]  # nothing changed in France's consent rule during 2025
    assert cells[1] is not cells[2] and cells[2][0].winner is None


@pytest.mark.parametrize("seed", range(4))
def test_a_provision_over_many_days_is_its_layer_on_each(tmp_path, day, seed):
    source = tmp_path / "content"
    write_synthetic_site(source, random.Random(seed))
    atlas = atlas_of(source, day)
    days = sorted(set(days_to_check(atlas)))
    provisions = {}
    for jurisdiction in atlas.jurisdictions:
        candidates_of(atlas, atlas.chain[jurisdiction.id], reach_of(atlas), provisions)
    assert provisions
    for steps in provisions.values():
        fresh = ProvisionSteps(steps.policy, steps.provision, steps.inherited)  # nothing worked out yet
        assert fresh.over(days) == [steps.at(d) for d in days]


def write_synthetic_site(target, rng: random.Random) -> None:
    """Write a small random site: nested jurisdictions and policies with tangled histories and provisions."""
    target.mkdir()
    for name in ("site.yaml", "dimensions.yaml"):
        shutil.copy(MINI / name, target / name)
    dimensions = yaml.safe_load((MINI / "dimensions.yaml").read_text())
    (target / "jurisdictions").mkdir()
    for jurisdiction_id, kind, parent in JURISDICTIONS:
        record = {"id": jurisdiction_id, "name": f"Name of {jurisdiction_id}", "kind": kind,
                  "region": "europe", "summary": "Synthetic."}
        if parent:
            record["parent"] = parent
        (target / "jurisdictions" / f"{jurisdiction_id}.yaml").write_text(yaml.safe_dump(record))
    (target / "policies").mkdir()
    for number in range(14):
        record = _synthetic_policy(f"p{number}", rng, dimensions)
        (target / "policies" / f"p{number}.yaml").write_text(yaml.safe_dump(record))


def _synthetic_policy(policy_id: str, rng: random.Random, dimensions: list) -> dict:
    ids = [j for j, _, _ in JURISDICTIONS]
    record = {"id": policy_id, "title": f"Policy {policy_id}", "jurisdiction": rng.choice(ids),
              "type": rng.choice(TYPES), "history": _synthetic_history(rng), "summary": "Synthetic.",
              "sources": [{"id": "text", "title": "Text", "url": "https://example.org/text", "accessed": "2026-01-02", "kind": "official"}],
              "provisions": {}}
    applies_to = rng.sample(ids, rng.choice([0, 0, 1, 2]))  # may name the maker's ancestors or descendants
    if applies_to:
        record["applies_to"] = applies_to
    for dimension in dimensions:
        if rng.random() < 0.7:
            provision = {"value": rng.choice(dimension["values"])["id"], "note": "Synthetic.",
                         "cite": {"source": "text"}}
            start, end = sorted(rng.sample(range(1998, 2032), 2))
            if rng.random() < 0.4:
                provision["from"] = _written(dt.date(start, rng.randint(1, 12), 1), rng)
            if rng.random() < 0.3:
                provision["until"] = str(end)
            record["provisions"][dimension["id"]] = _synthetic_sectors(provision, rng, dimension)
    return record


def _synthetic_sectors(provision: dict, rng: random.Random, dimension: dict):
    """Return the provision as it is (binding both sectors), bound to one sector, or split into one per sector."""
    roll = rng.random()
    if roll < 0.5:
        return provision
    if roll < 0.8:
        return {**provision, "sector": rng.choice(["public", "private"])}
    other = {**provision, "value": rng.choice(dimension["values"])["id"], "sector": "private"}
    return [{**provision, "sector": "public"}, other]


def _synthetic_history(rng: random.Random) -> list:
    """Return one to five events in order; a year-only date may follow a month in the same year."""
    days = sorted(dt.date(rng.randint(1998, 2030), rng.randint(1, 12), rng.randint(1, 28))
                  for _ in range(rng.randint(1, 5)))
    events = []
    for index, day in enumerate(days):
        same_year_as_before = index > 0 and days[index - 1].year == day.year
        written = str(day.year) if same_year_as_before and rng.random() < 0.5 else _written(day, rng)
        events.append({"date": written, "status": rng.choice(STATUSES)})
    return events


def _written(day: dt.date, rng: random.Random) -> str:
    """Return the date as written to day, month or year precision."""
    return rng.choice([day.isoformat(), day.isoformat()[:7], str(day.year)])
