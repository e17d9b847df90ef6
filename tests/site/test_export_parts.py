"""atlas.json made around its briefs (exports.JsonParts): parts kept from one atlas serve another only when every
record but the briefs is the very same object, and the export is the same bytes either way."""

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

from generator.compare.derive import derive
from generator.content.load import load
from generator.content.model import build_atlas
from generator.site import exports, urls
from generator.site.views import Views

MINI = Path(__file__).resolve().parents[1] / "sites" / "mini"
DAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def made():
    content, _ = load(MINI)
    atlas, _ = build_atlas(content, DAY, drafts=False)
    comparison = derive(atlas)
    return atlas, comparison, exports.atlas_json_parts(atlas, comparison, Views(atlas, comparison, urls.Urls("/")))


def views(atlas, comparison):
    return Views(atlas, comparison, urls.Urls("/"))


def test_the_parts_make_the_document_with_every_key_in_order(made):
    atlas, comparison, parts = made
    document = json.loads(exports.atlas_json(atlas, comparison, views(atlas, comparison), parts))
    assert list(document) == ["site", "regions", "dimensions", "jurisdictions", "policies", "briefs", "comparison"]
    assert [b["slug"] for b in document["briefs"]] == [b.slug for b in atlas.briefs]


def test_a_brief_edited_reuses_the_parts(made, monkeypatch):
    atlas, comparison, parts = made
    first = atlas.briefs[0]
    edited = replace(first, summary="Edited.")
    briefs = (edited, *atlas.briefs[1:])
    now = replace(atlas, briefs=briefs, brief=MappingProxyType({b.slug: b for b in briefs}),
                  policies=tuple(atlas.policies))  # a new tuple of the same records, as live.py makes
    assert parts.fits(now, comparison)
    monkeypatch.setattr(exports, "atlas_json_parts", lambda *args: pytest.fail("made again"))
    kept = exports.atlas_json(now, comparison, views(now, comparison), parts)
    monkeypatch.undo()
    assert kept == exports.atlas_json(now, comparison, views(now, comparison))
    assert json.loads(kept)["briefs"][0]["summary"] == "Edited."


@pytest.mark.parametrize("change", ["policy", "jurisdiction", "dimension", "comparison", "as of", "site"])
def test_any_other_record_changed_makes_the_parts_again(made, change):
    atlas, comparison, parts = made
    if change == "policy":
        policies = (replace(atlas.policies[0], title="Edited"), *atlas.policies[1:])
        now = replace(atlas, policies=policies, policy=MappingProxyType({p.id: p for p in policies}))
    elif change == "jurisdiction":
        now = replace(atlas, jurisdictions=(replace(atlas.jurisdictions[0], name="Edited"), *atlas.jurisdictions[1:]))
    elif change == "dimension":
        now = replace(atlas, dimensions=(replace(atlas.dimensions[0], label="Edited"), *atlas.dimensions[1:]))
    elif change == "as of":
        now = replace(atlas, as_of=DAY + dt.timedelta(days=1))
    elif change == "site":
        now = replace(atlas, site=replace(atlas.site, title="Edited"))
    else:
        now = atlas
    now_comparison = derive(now) if change == "comparison" else comparison  # each check on its own
    assert not parts.fits(now, now_comparison)
    assert exports.atlas_json(now, now_comparison, views(now, now_comparison), parts) == exports.atlas_json(
        now, now_comparison, views(now, now_comparison))
