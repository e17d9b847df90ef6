"""The build manifest (builds/manifest.py): written whole, or around the search index's entries while it indexes."""

from generator.builds.manifest import (Entry, manifest_around, manifest_bytes, manifest_lines, parse_manifest,
                                       spliced_around)

# a site's pages, with paths that sort just before and after the search index's folder, and that index's files
PAGES = {path: Entry("f", "c", 10, (1, 2) if path.startswith("briefs/") else None, "s" if "html" in path else None)
         for path in ("index.html", "pagefind", "pagefind-x/index.html", "pagefinder/index.html",
                      "briefs/a/index.html", "zh/index.html", "data/atlas.json", "page/index.html")}
INDEX = {path: Entry("g", "d", 5) for path in ("pagefind/site/pagefind-entry.json", "pagefind/shards.json",
                                                "pagefind/briefs-0/fragment/en_1.pf_fragment")}


def test_the_manifest_made_around_the_search_entries_is_the_whole_manifest():
    pages, index = PAGES, INDEX
    before, after = manifest_around(pages, "pagefind/")
    assert before + manifest_lines(index) + after == manifest_bytes({**pages, **index})
    assert parse_manifest(before + manifest_lines(index) + after) == {**pages, **index}
    assert manifest_around({}, "pagefind/")[0] + manifest_lines(index) == manifest_bytes(index)


def test_the_manifest_around_the_search_entries_spliced_from_the_previous_one_is_the_one_made_whole():
    """An edit keeps the previous manifest's lines and replaces those of the pages it rendered (spliced_around)."""
    pages, old_index = PAGES, INDEX
    new_index = {"pagefind/briefs-1/pagefind-entry.json": Entry("h", "e", 7),
                 "pagefind/shards.json": Entry("h", "f", 8)}
    raw = manifest_bytes({**pages, **old_index})
    changed = {"briefs/a/index.html": Entry("f2", "c2", 12, (3, 4), "s2"), "zh/index.html": Entry("f3", "c3", 13)}
    before, after = spliced_around(raw, changed, "pagefind/")
    assert (before, after) == manifest_around({**pages, **changed}, "pagefind/")
    assert before + manifest_lines(new_index) + after == manifest_bytes({**pages, **changed, **new_index})
    assert spliced_around(raw, {"gone/index.html": Entry("f", "c", 1)}, "pagefind/") is None  # not in it: whole
    assert spliced_around(manifest_bytes(pages), changed, "pagefind/") is None  # no search entries: made whole


def test_a_manifest_reads_back_as_written_and_a_damaged_one_as_none():
    raw = manifest_bytes({**PAGES, **INDEX})
    entries = parse_manifest(raw)
    assert entries == {**PAGES, **INDEX} and all(type(entry) is Entry for entry in entries.values())
    assert entries["briefs/a/index.html"].body == (1, 2) and entries["index.html"].indexed == "s"
    assert entries["pagefind/shards.json"].indexed is None and entries["pagefind/shards.json"].searched == "d"
    header, first, rest = raw.split(b"\n", 2)
    for line in (b"a\tf\tc\t10\ts\t1", b"a\tf\tc\t10", b"a\tf\tc\tten\ts", b"a\tf\tc\t10\ts\t1\t2\t3",
                 b"a\tf\tc\t10\ts\tx\t2"):
        assert parse_manifest(b"\n".join([header, line, rest])) == {}, line
    assert parse_manifest(raw[:-1]) == {} and parse_manifest(b"other format\n") == {}


def test_entries_replaced_in_place_in_any_order_and_a_missing_one_refused():
    import pytest

    from generator.builds.manifest import replace_entries

    raw = manifest_bytes({**PAGES, **INDEX})
    changed = {"zh/index.html": Entry("f3", "c3", 13), "briefs/a/index.html": Entry("f2", "c2", 12, (3, 4), "s2"),
               "pagefind/shards.json": Entry("h", "e", 9)}  # the last line, the first, one between
    assert replace_entries(raw, changed) == manifest_bytes({**PAGES, **INDEX, **changed})
    assert replace_entries(raw, {}) == raw
    with pytest.raises(ValueError):
        replace_entries(raw, {"not/there.html": Entry("f", "c", 1)})
