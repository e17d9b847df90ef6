"""What the search reads of a page (search.indexed_digest): a page changed only inside its data-pagefind-ignore
elements keeps its searched hash, so its shard is not indexed again; anything Pagefind might read there counts."""

import pytest

from generator.site import search
from generator.site.search import indexed_digest

PAGE = (b'<!DOCTYPE html><html lang="en"><head><title>Kenya</title></head><body><main><h1>Kenya</h1>'
        b'<p>The Data Protection Act applies.</p><h2>Briefs that mention Kenya</h2>'
        b'<ul class="cards" data-pagefind-ignore>\n<li><a href="/briefs/one/">One</a> <time datetime="2026-01-02">'
        b'2 January 2026</time>\n<p>The old summary.</p></li>\n<li><ul><li>nested</li></ul></li></ul>'
        b'<p>After the list.</p></main><footer>Built on 1 July 2026</footer></body></html>')


def edited(page: bytes, old: bytes, new: bytes) -> bytes:
    assert page.count(old) == 1
    return page.replace(old, new)


def test_an_edit_inside_an_ignored_element_keeps_the_searched_hash_and_one_outside_does_not():
    mark = indexed_digest(PAGE)
    assert mark is not None
    assert indexed_digest(edited(PAGE, b"The old summary.", b"A new summary, longer.")) == mark
    assert indexed_digest(edited(PAGE, b"<li>nested</li>", b"<li>nested</li><li>another</li>")) == mark
    for old, new in [(b"After the list.", b"After the lists."), (b"applies.", b"applied."), (b"Built on 1", b"Built on 2"),
                     (b'class="cards"', b'class="list"')]:
        assert indexed_digest(edited(PAGE, old, new)) != mark, new


def test_a_page_without_ignored_elements_is_searched_whole():
    assert indexed_digest(PAGE.replace(b" data-pagefind-ignore", b"")) is None
    assert indexed_digest(b'<p title="on data-pagefind-ignore">x</p>') is None  # words in an attribute's value
    assert indexed_digest(b'<p data-pagefind-ignored>x</p>') is None  # another attribute's name
    assert indexed_digest(b"<p>data-pagefind-ignore</p>") is None  # text


@pytest.mark.parametrize("inside", [
    b'<li id="kenya">x</li>',  # an anchor: Pagefind numbers them through ignored elements too
    b'<li data-pagefind-filter="region">Africa</li>',  # filters and metadata are read in ignored elements
    b'<li data-pagefind-meta="image:/a.png">x</li>',
    b"<h1>A title</h1>",  # the first h1 becomes the result's title
    b'<img src="/a.png" alt="">',  # the first image after the title becomes the result's image
    b"<script>var a = '</ul>';</script>",  # raw text hides tags from a scan
    b"<!-- </ul> -->",
    b"<svg><title>t</title></svg>",
])
def test_an_ignored_element_holding_what_pagefind_reads_there_is_not_cut(inside):
    page = edited(PAGE, b"<p>The old summary.</p>", inside)
    assert indexed_digest(page) is None  # the only ignored element stays whole: the page counts as a whole
    assert indexed_digest(edited(page, b"2 January", b"3 January")) is None


def test_an_ignored_element_without_its_end_tag_is_not_cut():
    assert indexed_digest(PAGE.replace(b"</ul><p>After", b"<p>After")) is None
    assert indexed_digest(b'<p>a<br data-pagefind-ignore>b</p>') is None  # a void element has no content


def test_only_the_unsafe_element_of_two_is_left_whole():
    page = PAGE.replace(b"<p>After the list.</p>", b'<div data-pagefind-ignore><b id="x">kept</b></div><p>After.</p>')
    mark = indexed_digest(page)
    assert mark is not None and indexed_digest(edited(page, b"The old summary.", b"New.")) == mark
    assert indexed_digest(edited(page, b">kept<", b">changed<")) != mark


def test_pagefind_indexes_pages_that_differ_only_where_the_hash_is_blind_to_the_same_bytes(tmp_path):
    """The premise, checked against the installed Pagefind: what the hash leaves out, Pagefind does not read."""
    pytest.importorskip("pagefind")
    other = edited(PAGE, b"<p>The old summary.</p>", b'<p>Quite another <b>summary</b>, <a href="/x/">linked</a>.</p>')
    assert indexed_digest(other) == indexed_digest(PAGE)
    indexes = []
    for name, page in [("one", PAGE), ("two", other)]:
        source = tmp_path / name / "jurisdictions/ke/index.html"
        source.parent.mkdir(parents=True)
        source.write_bytes(page)
        target = tmp_path / name / "index"
        search.index([("jurisdictions/ke/index.html", source)], "en", target)
        indexes.append({p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()})
    assert indexes[0] == indexes[1]
    changed = edited(PAGE, b"After the list.", b"After the list, changed.")
    source = tmp_path / "three/jurisdictions/ke/index.html"
    source.parent.mkdir(parents=True)
    source.write_bytes(changed)
    search.index([("jurisdictions/ke/index.html", source)], "en", tmp_path / "three/index")
    assert {p.relative_to(tmp_path / "three/index").as_posix(): p.read_bytes()
            for p in (tmp_path / "three/index").rglob("*") if p.is_file()} != indexes[0]
