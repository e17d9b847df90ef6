"""The list of briefs in pages of site.yaml's `briefs_per_page`, newest first, each linked to the others."""

from __future__ import annotations

import re

import pytest

from generator.build import build
from generator.builds.manifest import read_manifest
from generator.site import search
from site_trees import full_build, tree


def per_page(mini, count: int) -> None:
    (mini / "site.yaml").write_text((mini / "site.yaml").read_text() + f"briefs_per_page: {count}\n")


def add_briefs(mini, count: int) -> None:
    for n in range(1, count + 1):
        (mini / f"briefs/added-{n:02}.md").write_text(
            f"---\ntitle: Added {n}\ndate: 2025-{(n % 12) + 1:02}-{(n % 27) + 1:02}\nsummary: Added brief {n}.\n---\nText.\n")


def cards(page: str) -> list[str]:
    return re.findall(r'<li><a href="/atlas/briefs/([^/"]+)/"', page)


def test_the_list_is_cut_into_pages_newest_first_each_linking_the_others(mini, tmp_path, day):
    add_briefs(mini, 23)  # 25 briefs
    per_page(mini, 2)
    out = tmp_path / "site"
    result = build(mini, out, day, search=False)
    pages = [out / "briefs/index.html", *(out / f"briefs/page/{n}/index.html" for n in range(2, 14))]
    assert all(page.is_file() for page in pages) and not (out / "briefs/page/14").exists()
    assert not (out / "briefs/page/1").exists()  # the first page is briefs/ itself
    shown = [cards(page.read_text()) for page in pages]
    assert [len(s) for s in shown] == [2] * 12 + [1]
    order = [slug for s in shown for slug in s]
    assert len(order) == 25 == len(set(order)) == len(result.atlas.briefs)
    assert order == [b.slug for b in result.atlas.briefs]  # newest first, as the atlas orders them
    seventh = (out / "briefs/page/7/index.html").read_text()
    assert "<title>Briefs, page 7 · Mini Atlas</title>" in seventh
    assert '<link rel="prev" href="/atlas/briefs/page/6/">' in seventh and '<link rel="next" href="/atlas/briefs/page/8/">' in seventh
    assert "Page 7 of 13, newest first." in seventh
    nav = re.search(r'<nav class="pager brief-pages".*?</nav>', seventh, re.S)[0]
    # the first, the last, two either side of this one, and gaps between
    assert re.findall(r">(\d+|…)<", nav) == ["1", "…", "5", "6", "7", "8", "9", "…", "13"]
    assert '<a href="/atlas/briefs/page/7/" aria-current="page">7</a>' in nav
    first = (out / "briefs/index.html").read_text()
    assert 'rel="prev"' not in first and '<link rel="next" href="/atlas/briefs/page/2/">' in first
    assert "<title>Briefs · Mini Atlas</title>" in first
    assert not search.indexed("briefs/page/7/index.html")  # a list, as briefs/ is: the search leads to the briefs


def test_one_page_needs_no_navigation(mini, tmp_path, day):
    out = tmp_path / "site"
    build(mini, out, day, search=False)
    page = (out / "briefs/index.html").read_text()
    assert len(cards(page)) == 2 and "brief-pages" not in page and "Page 1 of" not in page
    assert not (out / "briefs/page").exists()


def test_a_summary_edited_renders_the_page_of_the_list_that_shows_it_and_no_other(mini, tmp_path, day):
    add_briefs(mini, 8)
    per_page(mini, 3)
    out = tmp_path / "site"
    result = build(mini, out, day)
    slugs = [b.slug for b in result.atlas.briefs]
    target = slugs[4]  # on the second page
    before = read_manifest(out)
    path = mini / f"briefs/{target}.md"
    path.write_text(re.sub(r"summary: .*", "summary: Edited on page two.", path.read_text(), count=1))
    build(mini, out, day)
    after = read_manifest(out)
    changed = {p for p, entry in after.items() if before.get(p) != entry}
    assert "briefs/page/2/index.html" in changed
    assert not {"briefs/index.html", "briefs/page/3/index.html", "briefs/page/4/index.html"} & changed
    assert "Edited on page two." in (out / "briefs/page/2/index.html").read_text()
    assert tree(out) == full_build(mini, tmp_path, day)


@pytest.mark.parametrize("value", [0, "ten", 10001])
def test_briefs_per_page_must_be_a_sensible_whole_number(mini, tmp_path, day, value):
    from generator.build import check
    from generator.problems import ContentError

    per_page(mini, value)
    with pytest.raises(ContentError) as raised:
        check(mini, day)
    assert any("briefs_per_page" in f"{p.field} {p.message}" for p in raised.value.problems)
