"""What the search reads of a page (site/searchtext.py): a page changed only where Pagefind does not read keeps
its searched hash, so its shard is not indexed again; anything Pagefind might read counts."""

import pytest

from generator.site import search
from generator.site.searchtext import indexed_digest

PAGE = (b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Kenya \xc2\xb7 Atlas</title>'
        b'<meta name="description" content="Kenya">'
        b'<link rel="stylesheet" href="/static/style.css?v=1"><script src="/static/cite.js" defer></script></head>'
        b'<body><header><a href="/">Atlas</a></header><main id="main"><h1>Kenya</h1>'
        b'<p>The Data Protection Act applies.</p><h2 id="briefs">Briefs that mention Kenya</h2>'
        b'<ul class="cards" data-pagefind-ignore>\n<li><a href="/briefs/one/">One</a> <time datetime="2026-01-02">'
        b'2 January 2026</time>\n<p>The old summary.</p></li>\n<li><ul><li>nested</li></ul></li></ul>'
        b'<p>After the list.</p>'
        b'<details class="cite" id="cite" data-accessed="November 27, 2026"><summary>Cite</summary>'
        b'<textarea id="cite-apa" readonly>Kenya (data as of 2026-11-27).</textarea></details></main>'
        b'<footer><p>Data as of <time datetime="2026-11-27">27 November 2026</time>.</p></footer></body></html>')


def edited(page: bytes, old: bytes, new: bytes) -> bytes:
    assert page.count(old) == 1, old
    return page.replace(old, new)


@pytest.mark.parametrize("old, new", [
    (b"The old summary.", b"A new summary, longer."),  # in an ignored element
    (b"<li>nested</li>", b"<li>nested</li><li>another</li>"),
    (b"27 November 2026</time>", b"28 November 2026</time>"),  # the footer, outside <main>
    (b'data-accessed="November 27, 2026"', b'data-accessed="November 28, 2026"'),  # the citation block (#cite)
    (b"(data as of 2026-11-27)", b"(data as of 2026-11-28)"),
    (b"<title>Kenya", b"<title>Kenya, a country"),  # <head>: Pagefind reads the h1 within <main>
    (b'content="Kenya"', b'content="Kenya, in East Africa"'),
    (b'<a href="/">Atlas</a>', b'<a href="/">The atlas</a>'),  # the header
])
def test_an_edit_where_pagefind_does_not_read_keeps_the_searched_hash(old, new):
    assert indexed_digest(PAGE) is not None
    assert indexed_digest(edited(PAGE, old, new)) == indexed_digest(PAGE)


@pytest.mark.parametrize("old, new", [
    (b"After the list.", b"After the lists."), (b"applies.", b"applied."), (b"<h1>Kenya", b"<h1>Kenya and more"),
    (b'class="cards"', b'class="list"'),  # an ignored element's own tag
    (b'<html lang="en">', b'<html lang="fr">'),  # the page's language
    (b'cite.js"', b'cite2.js"'), (b"style.css?v=1", b"style.css?v=2"),  # scripts and links, anywhere
    (b'<textarea id="cite-apa"', b'<textarea id="cite-mla"'),  # ids in #cite: Pagefind counts them as anchors
    (b'<summary>Cite', b'<summary id="x">Cite'),
])
def test_an_edit_where_pagefind_reads_changes_the_searched_hash(old, new):
    assert indexed_digest(edited(PAGE, old, new)) != indexed_digest(PAGE)


def test_a_page_without_one_main_element_is_read_whole_less_what_it_ignores():
    whole = PAGE.replace(b'<main id="main">', b"<div>").replace(b"</main>", b"</div>")
    assert indexed_digest(whole.replace(b" data-pagefind-ignore", b"").replace(b' id="cite"', b"")) is None
    assert indexed_digest(edited(whole, b"27 November 2026</time>", b"28 November 2026</time>")) != indexed_digest(whole)
    assert indexed_digest(edited(whole, b"The old summary.", b"New.")) == indexed_digest(whole)  # still ignored
    two = PAGE.replace(b"<footer>", b"<main>x</main><footer>")
    assert indexed_digest(edited(two, b"27 November 2026</time>", b"28 November 2026</time>")) != indexed_digest(two)


def test_words_about_the_attribute_are_not_the_attribute():
    for page in [edited(PAGE, b"<p>After", b'<p title="on data-pagefind-ignore">After'),  # an attribute's value
                 edited(PAGE, b"<p>After", b"<p data-pagefind-ignored>After"),  # another attribute's name
                 edited(PAGE, b"<p>After", b"<p>data-pagefind-ignore After")]:  # text
        assert indexed_digest(edited(page, b"the list.", b"the lists.")) != indexed_digest(page)


@pytest.mark.parametrize("inside", [
    b'<li id="kenya">x</li>',  # an anchor: Pagefind numbers them through ignored elements too
    b'<li data-pagefind-filter="region">Africa</li>',  # filters and metadata are read in ignored elements
    b'<li data-pagefind-meta="image:/a.png">x</li>',
    b"<h1>A title</h1>",  # the first h1 becomes the result's title
    b'<img src="/a.png" alt="">',  # the first image after the title becomes the result's image
    b"<script>var a = '</ul>';</script>",  # raw text hides tags from a scan
    b"<!-- </ul> -->",
    b"<textarea>raw <ul> text</textarea>",  # a text area's text is raw: '<' there is no tag
    b"<svg><title>t</title></svg>",
])
def test_an_ignored_element_holding_what_pagefind_reads_there_is_read_whole(inside):
    page = edited(PAGE, b"<p>The old summary.</p>", inside)
    assert indexed_digest(edited(page, b"2 January", b"3 January")) != indexed_digest(page)


@pytest.mark.parametrize("old, new", [(b"<summary>Cite</summary>", b'<summary data-pagefind-meta="x">Cite</summary>'),
                                      (b"Kenya (data", b"<details>Kenya (data")])  # raw text: no tag, but looks like one
def test_a_citation_block_holding_what_pagefind_reads_there_is_read_whole(old, new):
    page = edited(PAGE, old, new)
    assert indexed_digest(edited(page, b"data as of 2026-11-27", b"data as of 2026-11-28")) != indexed_digest(page)


def test_an_element_without_its_end_tag_is_not_cut():
    page = edited(PAGE, b"</ul><p>After", b"<p>After")
    assert indexed_digest(edited(page, b"2 January", b"3 January")) != indexed_digest(page)
    void = edited(PAGE, b"<p>After", b"<p>a<br data-pagefind-ignore>b After")  # a void element has no content
    assert indexed_digest(edited(void, b"b After", b"c After")) != indexed_digest(void)


def _index(folder, page: bytes) -> dict:
    source = folder / "jurisdictions/ke/index.html"
    source.parent.mkdir(parents=True)
    source.write_bytes(page)
    search.index([("jurisdictions/ke/index.html", source)], "en", folder / "index")
    return {p.relative_to(folder / "index").as_posix(): p.read_bytes() for p in (folder / "index").rglob("*") if p.is_file()}


def test_pagefind_indexes_pages_that_differ_only_where_the_hash_is_blind_to_the_same_bytes(tmp_path):
    """The premise, checked against the installed Pagefind: what the hash leaves out, Pagefind does not read."""
    pytest.importorskip("pagefind")
    other = PAGE
    for old, new in [(b"<p>The old summary.</p>", b'<p>Quite another <b>summary</b>, <a href="/x/">linked</a>.</p>'),
                     (b"27 November 2026</time>", b"28 November 2026</time>"), (b"November 27, 2026", b"November 28, 2026"),
                     (b"(data as of 2026-11-27)", b"(data as of 2026-11-28)"), (b"<title>Kenya", b"<title>Kenya, a country")]:
        other = edited(other, old, new)
    assert indexed_digest(other) == indexed_digest(PAGE)
    first = _index(tmp_path / "one", PAGE)
    assert first and _index(tmp_path / "two", other) == first
    changed = edited(PAGE, b"After the list.", b"After the list, changed.")
    assert _index(tmp_path / "three", changed) != first


def test_only_pages_the_index_holds_are_hashed_for_it():
    """Pages the index leaves out (lists, "if enacted" copies) get no searched hash: a build hashes only what it
    indexes, the same way in full, quick and live builds (search.searched_digest)."""
    for output, lang in [("briefs/index.html", ""), ("zh/briefs/index.html", "zh-Hans"),
                         ("compare/if-enacted/x/index.html", ""), ("compare/public/index.html", "")]:
        assert search.searched_digest(output, lang, PAGE) is None, output
    for output, lang in [("briefs/one/index.html", ""), ("zh/briefs/one/index.html", "zh-Hans"), ("index.html", "")]:
        assert search.searched_digest(output, lang, PAGE) == indexed_digest(PAGE), output
