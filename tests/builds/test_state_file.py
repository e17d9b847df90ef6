"""The state an edited build starts from (builds/state.py): what it shares, what it counts, and that a missing,
stale, damaged or unmappable state, or --no-cache, never gives a wrong site."""

import json
import zlib

import pytest

from generator.build import build
from generator.builds import edited, inputs, state
from site_trees import full_build, tree

from edit_support import edit_front, edit_yaml, state_folder


def test_the_state_holds_each_dependency_key_and_file_path_once(synthetic, tmp_path, day):
    """Each page's keys are made apart (240,000 names of 12,000 keys at 10,000 briefs): the state shares them, so
    reading it makes one string a key, and the digests and file states use the same strings."""
    out = tmp_path / "site"
    build(synthetic, out, day)
    folder = state_folder(out)
    saved = state.read(folder, inputs.read(folder).settings)
    named = [key for _, _, keys in saved.inputs for key in keys] + [*saved.digests, *saved.hashes, *saved.files]
    assert len(named) > 2 * len(set(named))  # the same keys, named again and again
    assert len({id(key) for key in named}) == len(set(named))


def test_the_state_holds_each_date_citation_name_and_list_of_names_once(synthetic, tmp_path, day):
    """Records that write the same date, cite the same place, name the same id, value or tag, or the same list of
    them, share one object (records._name, records._shared): at 10,000 briefs 21,000 dates are
    6,500, 14,000 citations 300, 355,000 strings 221,000: fewer objects to unpickle in every edit."""
    out = tmp_path / "site"
    build(synthetic, out, day)
    folder = state_folder(out)
    atlas = state.read(folder, inputs.read(folder).settings).atlas
    provisions = [provision for policy in atlas.policies for provision in policy.provisions]
    events = [event for policy in atlas.policies for event in policy.history]
    dates = [*(p.start for p in provisions), *(p.end for p in provisions), *(e.date for e in events),
             *(b.date for b in atlas.briefs), *(b.updated for b in atlas.briefs)]
    cites = [*(p.cite for p in provisions), *(e.cite for e in events)]
    names = [*(p.value for p in provisions), *(p.dimension for p in provisions), *(e.status for e in events),
             *(name for b in atlas.briefs for name in (*b.jurisdictions, *b.policies, *b.tags, *b.authors)),
             *(link.target for b in atlas.briefs for link in b.links)]
    lists = [*(b.tags for b in atlas.briefs), *(b.authors for b in atlas.briefs), *(p.path for p in provisions)]
    for shared in (dates, cites, names, lists):
        shared = [value for value in shared if value is not None]
        assert len(shared) > len(set(shared))  # the same ones, written again
        assert len({id(value) for value in shared}) == len(set(shared))


def test_an_edit_takes_the_count_of_the_records_texts_from_the_state_and_counts_again_only_its_own(synthetic, tmp_path,
                                                                                                   day, monkeypatch):
    """The Chinese pages mark each record text the default language's records show (editionviews.census, 60,000
    texts at 10,000 briefs): the full build's state keeps the count, and an edit counts again only the records it
    replaces, a policy's and a brief's here, each build applying every edit since the state."""
    from generator.site import editionviews

    out = tmp_path / "site"
    build(synthetic, out, day)
    folder = state_folder(out)
    saved = state.read(folder, inputs.read(folder).settings)
    assert saved.atlas.site.languages and saved.counted == editionviews.census(saved.atlas) != {}
    counted = editionviews.census

    def census(atlas):
        raise AssertionError("the records' texts counted again")  # not pytest.fail, which would hang a worker

    monkeypatch.setattr(editionviews, "census", census)
    edit_yaml(sorted((synthetic / "policies").iterdir())[3], "summary", "Edited:")
    assert build(synthetic, out, day).way == "edited"
    edit_front(sorted((synthetic / "briefs").iterdir())[5], "summary", "Edited:")
    assert build(synthetic, out, day).way == "edited"
    assert "Edited: " in (out / "zh/briefs/index.html").read_text(encoding="utf-8")
    monkeypatch.setattr(editionviews, "census", counted)
    assert tree(out) == full_build(synthetic, tmp_path, day)


@pytest.mark.parametrize("damage", ["missing", "empty", "header alone", "truncated", "garbage", "a byte changed",
                                    "foreign", "other settings"])
def test_a_missing_stale_or_damaged_state_takes_the_full_way(mini, built, tmp_path, day, damage):
    path = state_folder(built) / state.FILE
    raw = path.read_bytes()
    first, payload = raw.split(b"\n", 1)
    header = json.loads(first)
    if damage == "missing":
        path.unlink()
    elif damage == "empty":  # nothing to map into memory (pickles.load)
        path.write_bytes(b"")
    elif damage == "header alone":
        path.write_bytes(first + b"\n")
    elif damage == "truncated":
        path.write_bytes(raw[:len(raw) // 2])
    elif damage == "garbage":  # the header vouches for it, but it is no pickle: never trusted, never a crash
        junk = b"\x80\x05not a pickle at all" + payload[:100]
        header.update(size=len(junk), crc32=zlib.crc32(junk))
        path.write_bytes(json.dumps(header).encode() + b"\n" + junk)
    elif damage == "a byte changed":  # in a brief's summary: still a sound pickle, of the same length
        assert b"Links records." in payload
        path.write_bytes(first + b"\n" + payload.replace(b"Links records.", b"Links recordz."))
    elif damage == "foreign":
        header["generator"] = "0" * 32
        path.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    else:
        header["settings"] = header["settings"].replace("2026-11-27", "2026-11-28")
        path.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    edit_front(mini / "briefs/second-brief.md", "summary", "Edited:")
    result = build(mini, built, day)
    assert result.way == "full"
    assert tree(built) == full_build(mini, tmp_path, day)
    assert state.read(state_folder(built), inputs.read(state_folder(built)).settings) is not None  # written anew


def test_no_cache_skips_the_state(mini, built, day, monkeypatch):
    monkeypatch.setattr(edited, "attempt", lambda *args, **kwargs: pytest.fail("the state was read"))
    edit_front(mini / "briefs/second-brief.md", "summary", "Edited:")
    assert build(mini, built, day, reuse=False).way == "full"


def test_a_state_that_cannot_be_mapped_into_memory_is_read_as_a_copy(mini, built, tmp_path, day, monkeypatch):
    """The state is unpickled from the file mapped into memory (pickles.load); a file system that cannot map
    files still gives an edited build, not a full one."""
    import mmap

    def refused(*args, **kwargs):
        raise OSError("mapping not supported")

    monkeypatch.setattr(mmap, "mmap", refused)
    edit_front(mini / "briefs/second-brief.md", "summary", "Edited:")
    assert build(mini, built, day).way == "edited"
    assert tree(built) == full_build(mini, tmp_path, day)
