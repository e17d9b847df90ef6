"""The shipped Biometric Policy Atlas: the minimums of issue #3 and the sourcing rules."""

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.build import check
from generator.compare.derive import NOT_RESEARCHED, derive

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture(scope="module")
def atlas():
    return check(CONTENT, dt.date(2026, 11, 27))


def test_minimum_counts(atlas):
    assert len(atlas.jurisdictions) >= 35
    assert len(atlas.policies) >= 60
    assert len(atlas.briefs) >= 10


def test_required_jurisdictions_and_structure(atlas):
    required = {"eu", "uk", "us", "us-il", "us-tx", "us-wa", "us-co", "us-ca", "us-ny", "us-ca-sf",
                "us-or-portland", "us-ny-nyc", "cn", "in", "jp", "kr", "sg", "au", "ca", "br", "ar", "ar-caba",
                "ru", "ke", "za"}
    assert required <= set(atlas.jurisdiction)
    assert len([j for j in atlas.jurisdictions if j.parent == "eu"]) >= 6
    assert atlas.jurisdiction["us-il"].parent == "us" and atlas.jurisdiction["ar-caba"].parent == "ar"
    assert {j.region for j in atlas.jurisdictions} >= {"africa", "asia-pacific", "europe", "latin-america",
                                                       "north-america"}


def test_every_policy_type_is_present(atlas):
    types = Counter(p.type for p in atlas.policies)
    for kind in ("statute", "regulation", "court_ruling", "enforcement", "programme", "proposal"):
        assert types[kind] >= 1, kind


def test_every_provision_resolves_to_a_dated_source(atlas):
    for policy in atlas.policies:
        for provision in policy.provisions:
            source = policy.source(provision.cite.source)
            assert source is not None, (policy.id, provision.dimension)
            assert re.match(r"^https?://", source.url), (policy.id, source.id)
            assert source.accessed is not None and source.accessed.precision == "day", (policy.id, source.id)


def test_every_cell_has_provenance(atlas):
    """Every researched cell, 'unknown' ones included, rests on a provision with a note and a sourced policy;
    a cell no provision covers is 'not yet researched', and most cells are researched."""
    comparison = derive(atlas)
    cells = [cell for sectors in comparison.cells.values() for cell in sectors]
    for cell in cells:
        if cell.status == NOT_RESEARCHED:
            assert cell.winner is None and cell.value == "unknown"
            continue
        assert cell.winner.provision.note, (cell.jurisdiction, cell.dimension, cell.sector)
        assert atlas.policy[cell.winner.policy].source(cell.winner.provision.cite.source).url


def test_briefs_are_full_articles(atlas):
    for brief in atlas.briefs:
        prose = re.sub(r"\[\^\d+\]:.*", "", brief.body)  # footnote definitions are not prose
        words = len(re.findall(r"[A-Za-z0-9][\w'’-]*", re.sub(r"https?://\S+", "", prose)))
        assert 600 <= words <= 1600, (brief.slug, words)
        assert brief.links, brief.slug


def test_unsubstantiated_poll_is_never_stated_as_fact():
    for path in CONTENT.rglob("*"):
        if path.is_file() and "90%" in path.read_text(encoding="utf-8"):
            paragraphs = path.read_text(encoding="utf-8").split("\n\n")
            for paragraph in (p for p in paragraphs if "90%" in p):
                assert re.search(r"unverified|unsubstantiat|not (been )?(identified|located|found|established)|"
                                 r"could not find|none of these|claim", paragraph, re.I), (path.name, paragraph)
