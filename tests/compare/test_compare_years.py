"""data/compare-years.json: the comparison derived in Python for each year, as the compare page's year control shows it."""

import datetime as dt
import json

from bs4 import BeautifulSoup

import pytest

from generator.build import build, check
from generator.compare.derive import derive


@pytest.mark.parametrize("site", ["mini", "sectors"])
def test_every_snapshot_is_the_derived_comparison(site, request, tmp_path, day):
    source = request.getfixturevalue(site)
    out = tmp_path / "site"
    build(source, out, day)
    atlas = check(source, day)
    data = json.loads((out / "data/compare-years.json").read_text())
    first = min(e.date.first.year for p in atlas.policies for e in p.history)
    assert [s["date"] for s in data["snapshots"]] == [day.isoformat()] + [
        f"{y}-01-01" for y in range(day.year, first - 1, -1)]
    assert data["snapshots"][0]["key"] == "" and data["snapshots"][1]["key"] == str(day.year)
    assert data["snapshots"][1]["label"] == f"January 1, {day.year}"  # as the pages write dates (site/daytext.py)
    assert [j["id"] for j in data["jurisdictions"]] == [j.id for j in atlas.jurisdictions]
    split = 0
    for snapshot in data["snapshots"]:
        comparison = derive(atlas, dt.date.fromisoformat(snapshot["date"]))
        for j, row in zip(atlas.jurisdictions, snapshot["cells"]):
            for d, code in zip(atlas.dimensions, row):
                cells = comparison.sectors(j.id, d.id)
                if isinstance(code, dict):  # the public and the private sector differ
                    assert [c.sector for c in cells] == list(code) == ["public", "private"]
                    split += 1
                else:
                    assert len(cells) == 1
                for cell, one in zip(cells, code.values() if isinstance(code, dict) else [code]):
                    assert_code_is_cell(atlas, data, one, cell, d.id)
    assert (split > 0) == (site == "sectors")
    # The compare pages offer exactly these dates.
    soup = BeautifulSoup((out / "compare/index.html").read_text(), "html.parser")
    assert [o["value"] for o in soup.select("#f-year option")] == [s["key"] for s in data["snapshots"]]
    assert soup.select_one("#compare-controls").has_attr("hidden")  # shown by compare.js only



def assert_code_is_cell(atlas, data, code, cell, dimension_id):
    winner = code[0] if isinstance(code, list) else code
    if winner < 0:
        assert cell.winner is None and cell.value == "unknown"
        return
    policy, dimension, value, note, url, _title, kind, pinpoint, anchor = data["provisions"][winner]
    assert (policy, data["dimensions"][dimension]["id"]) == (cell.winner.policy, dimension_id)
    assert data["dimensions"][dimension]["values"][value]["id"] == cell.value
    assert note == cell.winner.provision.note and url.startswith(("http", "mailto"))
    source = atlas.policy[cell.winner.policy].source(cell.winner.provision.cite.source)
    assert (kind, pinpoint) == (source.kind, cell.winner.provision.cite.pinpoint)
    sector = cell.winner.provision.sector
    assert anchor == f"provision-{dimension_id}" + ("" if sector == "both" else f"-{sector}")
    via = code[1] if isinstance(code, list) else ""
    assert via == (cell.winner.jurisdiction if cell.winner.inherited else "")
    pending = [p[0] for p in code[2:]] if isinstance(code, list) else []
    assert [data["provisions"][i][0] for i in pending] == [p.policy for p in cell.pending]

