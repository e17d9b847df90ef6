"""A shard indexed again starts from its previous Pagefind files (site/searchreuse.py): Pagefind writes only what
changed, the files the new index does not name are removed, and the result is a fresh index, byte for byte."""

import gzip
import os

import pytest

from generator.build import build
from generator.builds import write
from generator.site import search, searchreuse


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def inodes(folder):
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def _page(words: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="en"><head><title>{words}</title></head>'
            f"<body><main><h1>{words}</h1><p>{words} and more words about {words}.</p></main></body></html>").encode()


def _pages(folder, texts):
    for name, words in texts.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        (folder / name / "index.html").write_bytes(_page(words))
    return [(f"{name}/index.html", folder / name / "index.html") for name in texts]


def _index(pages, near, output, previous=None):
    seeded = searchreuse.seed(output, ((p.relative_to(previous).as_posix(), p) for p in previous.rglob("*")
                                       if p.is_file())) if previous else {}
    search.index_gathered(search.gather(pages, near), "en", output, runtime=False, seeded=bool(seeded))
    return seeded


def test_an_index_made_again_from_the_previous_files_is_a_fresh_index_and_keeps_the_unchanged_files(tmp_path):
    pytest.importorskip("pagefind")
    texts = {"alpha": "Alpha falcon", "beta": "Beta heron", "gamma": "Gamma osprey", "delta": "Delta kestrel"}
    first = tmp_path / "first"
    _index(_pages(tmp_path / "v1", texts), tmp_path, first)
    pages = _pages(tmp_path / "v2", {**texts, "beta": "Beta cormorant"})  # one page edited
    again, fresh = tmp_path / "again", tmp_path / "fresh"
    seeded = _index(pages, tmp_path, again, previous=first)
    _index(pages, tmp_path, fresh)
    assert seeded and set(seeded) <= set(tree(first))
    assert tree(again) == tree(fresh)  # the old page's fragment and the old word index removed; nothing missing
    before, after = inodes(first), inodes(again)
    kept = {path for path in after if before.get(path) == after[path]}
    fragments = {path for path in tree(fresh) if path.startswith("fragment/")}
    assert len(kept & fragments) == 3 == len(fragments) - 1  # the three unchanged pages' fragments, not rewritten
    assert all(searchreuse.linked(again, path, seeded) for path in kept)
    assert not any(searchreuse.linked(again, path, seeded) for path in set(after) - kept)
    assert set(tree(first)) - set(after)  # what the new index no longer names is gone


def test_an_index_whose_metadata_cannot_be_read_is_made_again_from_nothing(tmp_path, monkeypatch):
    pytest.importorskip("pagefind")
    texts = {"alpha": "Alpha falcon", "beta": "Beta heron"}
    first = tmp_path / "first"
    _index(_pages(tmp_path / "v1", texts), tmp_path, first)

    def unreadable(output):
        raise ValueError("a metadata format this code does not know")

    monkeypatch.setattr(searchreuse, "_named", unreadable)
    pages = _pages(tmp_path / "v2", {**texts, "beta": "Beta cormorant"})
    again, fresh = tmp_path / "again", tmp_path / "fresh"
    seeded = _index(pages, tmp_path, again, previous=first)
    _index(pages, tmp_path, fresh)
    assert seeded and tree(again) == tree(fresh)
    assert not any(searchreuse.linked(again, path, seeded) for path in inodes(again))  # every file written anew


def test_only_the_files_pagefind_never_writes_twice_are_linked():
    assert searchreuse.reusable("fragment/en_0328dab.pf_fragment")
    assert searchreuse.reusable("index/en_13b02c4.pf_index") and searchreuse.reusable("filter/en_1.pf_filter")
    assert searchreuse.reusable("pagefind.en_be352df22e.pf_meta")
    for written_in_place in ("pagefind-entry.json", "pagefind.js", "pagefind-ui.js", "wasm.en.pagefind",
                             "wasm.unknown.pagefind", "fragment/en_1.pf_index", "fragment/x/en_1.pf_fragment"):
        assert not searchreuse.reusable(written_in_place)


def _meta(folder, cbor: bytes, pages: int = 0):
    folder.mkdir()
    (folder / "pagefind-entry.json").write_text(
        '{"languages": {"en": {"hash": "en_1", "page_count": %d}}}' % pages, encoding="utf-8")
    (folder / "pagefind.en_1.pf_meta").write_bytes(gzip.compress(b"pagefind_dcd" + cbor))


def test_the_metadata_is_read_as_cbor_and_what_it_cannot_be_is_refused(tmp_path):
    # [ "1.5", [["en_a", 300]], {"k": 1(-2)}, tag 6 "en_b", 2.5 (float16), 70000 ] with definite lengths
    cbor = (b"\x86" + b"\x631.5" + b"\x81\x82\x64en_a\x19\x01\x2c" + b"\xa1\x61k\xc1\x21" + b"\xc6\x64en_b"
            + b"\xf9\x41\x00" + b"\x1a\x00\x01\x11\x70")
    _meta(tmp_path / "good", cbor, pages=2)
    (tmp_path / "good/fragment").mkdir()
    for name in ("en_a", "en_b", "en_c"):
        (tmp_path / f"good/fragment/{name}.pf_fragment").write_bytes(b"x")
    (tmp_path / "good/pagefind.en_0.pf_meta").write_bytes(b"old")
    assert searchreuse.prune(tmp_path / "good") == ["fragment/en_c.pf_fragment", "pagefind.en_0.pf_meta"]
    left = sorted(os.listdir(tmp_path / "good/fragment"))
    assert left == ["en_a.pf_fragment", "en_b.pf_fragment"]  # every text of the metadata names a file it keeps
    assert not (tmp_path / "good/pagefind.en_0.pf_meta").exists()
    for name, bad in (("indefinite", b"\x9f\x01\xff"), ("truncated", b"\x82\x64en"), ("reserved", b"\x1c")):
        _meta(tmp_path / name, bad)
        with pytest.raises(ValueError):
            searchreuse.prune(tmp_path / name)
    _meta(tmp_path / "miscounted", b"\x81\x64en_a", pages=2)
    (tmp_path / "miscounted/fragment").mkdir()
    (tmp_path / "miscounted/fragment/en_a.pf_fragment").write_bytes(b"x")
    with pytest.raises(ValueError):  # the index has two pages and one fragment: not an index this code understands
        searchreuse.prune(tmp_path / "miscounted")


@pytest.mark.parametrize("edit", ["text", "summary"])
def test_an_edit_leaves_the_unchanged_files_of_the_shard_it_indexes_again_in_place(mini, tmp_path, day, monkeypatch,
                                                                                     edit):
    pytest.importorskip("pagefind")
    monkeypatch.setattr(search, "SHARD_PAGES", 3)
    out = tmp_path / "site"
    build(mini, out, day, search=True)
    shards = search.shards(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    holder = next(name for name, paths in shards.items() if "briefs/second-brief/index.html" in paths)
    assert len(shards[holder]) > 1
    before = inodes(out / "pagefind" / holder)
    brief = mini / "briefs/second-brief.md"
    if edit == "text":
        brief.write_text(brief.read_text() + "\nA unique word: zyxwvut.\n")
    else:
        brief.write_text(brief.read_text().replace("summary: ", "summary: Newly summarised. ", 1))
    moved, apply = [], write._apply
    monkeypatch.setattr(write, "_apply", lambda out_, journal: (moved.extend(journal["move"]), apply(out_, journal)))
    result = build(mini, out, day, search=True)
    assert result.way == ("quick" if edit == "text" else "edited")
    after = inodes(out / "pagefind" / holder)
    fragments = [path for path in after if path.startswith("fragment/")]
    left = [path for path in fragments if before.get(path) == after[path]]
    assert len(left) == len(fragments) - 1  # every fragment but the edited page's new one was left in place
    assert not {f"pagefind/{holder}/{path}" for path in left} & set(moved)  # and the commit did not move them in
    assert f"pagefind/{holder}/pagefind-entry.json" in moved
    assert after["pagefind-entry.json"] != before["pagefind-entry.json"]  # the shard was indexed again
    fresh = tmp_path / "fresh"
    build(mini, fresh, day, reuse=False, search=True)
    assert tree(fresh) == tree(out)
