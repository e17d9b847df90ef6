"""The build manifest (builds/manifest.py): written whole, or around the search index's entries while it indexes."""

from generator.builds.manifest import Entry, manifest_around, manifest_bytes, manifest_lines, parse_manifest


def test_the_manifest_made_around_the_search_entries_is_the_whole_manifest():
    pages = {path: Entry("f", "c", 10, (1, 2) if path.startswith("briefs/") else None, "s" if "html" in path else None)
             for path in ("index.html", "pagefind", "pagefind-x/index.html", "pagefinder/index.html",
                          "briefs/a/index.html", "zh/index.html", "data/atlas.json", "page/index.html")}
    index = {path: Entry("g", "d", 5) for path in ("pagefind/site/pagefind-entry.json", "pagefind/shards.json",
                                                    "pagefind/briefs-0/fragment/en_1.pf_fragment")}
    before, after = manifest_around(pages, "pagefind/")
    assert before + manifest_lines(index) + after == manifest_bytes({**pages, **index})
    assert parse_manifest(before + manifest_lines(index) + after) == {**pages, **index}
    assert manifest_around({}, "pagefind/")[0] + manifest_lines(index) == manifest_bytes(index)
