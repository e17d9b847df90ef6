"""The Pagefind search index: sharded, deterministic, kept when nothing changed, re-indexed shard by shard."""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build
from generator.builds import searching
from generator.site import search


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_index_is_built_deterministically_and_kept_when_pages_do_not_change(mini, tmp_path, day):
    pytest.importorskip("pagefind")
    one, two = tmp_path / "one", tmp_path / "two"
    build(mini, one, day, search=True)
    build(mini, two, day, search=True)
    assert any(name.startswith("pagefind/") for name in tree(one)) and tree(one) == tree(two)
    plan = search.shards(p.relative_to(one).as_posix() for p in one.rglob("*.html"))
    holder = next(name for name, paths in plan.items() if "briefs/second-brief/index.html" in paths)
    entry = one / f"pagefind/{holder}/pagefind-entry.json"
    before = entry.stat().st_mtime_ns
    build(mini, one, day, search=True)
    assert entry.stat().st_mtime_ns == before  # nothing changed: the index was kept, not rebuilt
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text() + "\nA unique word: zyxwvut.\n")
    build(mini, one, day, search=True)
    assert entry.stat().st_mtime_ns != before
    fragments = b"".join(p.read_bytes() for p in (one / f"pagefind/{holder}/fragment").iterdir())
    assert fragments  # compressed; the browser test searches it for real


def test_without_search_no_index_and_stale_index_removed(mini, tmp_path, day):
    pytest.importorskip("pagefind")
    out = tmp_path / "site"
    build(mini, out, day, search=True)
    build(mini, out, day, search=False)
    assert not (out / "pagefind").exists()


def test_shards_split_sections_by_a_stable_hash_and_leave_out_noise(monkeypatch):
    monkeypatch.setattr(search, "SHARD_PAGES", 4)
    pages = ["index.html", "404.html", "search/index.html", "data/atlas.json", "data/index.html", "timeline/index.html",
             *(f"briefs/b{i}/index.html" for i in range(10)), "policies/p1/index.html"]
    shards = search.shards(pages)
    every = [path for paths in shards.values() for path in paths]
    assert sorted(every) == sorted(p for p in pages if p.endswith(".html") and p not in ("404.html", "search/index.html",
                                                                                     "timeline/index.html"))
    assert set(shards["site"]) == {"index.html", "data/index.html", "policies/p1/index.html"}  # small sections
    assert {name for name in shards if name.startswith("briefs")} == {f"briefs-{i}" for i in range(4)}
    grown = search.shards(pages + ["briefs/b10/index.html"])  # a new page moves no other page
    for name, paths in shards.items():
        assert set(paths) <= set(grown[name])
    listing = json.loads(search.shard_list(shards))
    assert listing["primary"] == "site/" and sorted(listing["merge"]) == [f"briefs-{i}/" for i in range(4)]


def test_the_list_of_every_brief_is_not_indexed_and_aggregate_pages_get_small_shards(monkeypatch):
    assert not search.indexed("briefs/index.html") and not search.indexed("zh/briefs/index.html", ["zh"])
    assert search.indexed("briefs/one/index.html") and search.indexed("zh/briefs/one/index.html", ["zh"])
    monkeypatch.setattr(search, "MIXED_PAGES", 4)
    pages = [f"jurisdictions/j{i}/index.html" for i in range(12)] + [f"zh/jurisdictions/j{i}/index.html" for i in range(12)]
    shards = search.shards(pages, separate=("zh",))
    assert {name.rsplit("-", 1)[0] for name in shards} == {"site", "zh"} and len(shards) == 8  # 12 pages: 4 buckets each
    assert all(len(paths) < 12 for paths in shards.values())
    assert search.primaries(shards, {"zh": "zh-Hans"}) == {"": "site-0", "zh": "zh-0"}


def _index_files(out):
    return {p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted((out / "pagefind").rglob("*")) if p.is_file()}


@pytest.mark.parametrize("edit", ["text", "summary"])
def test_an_edit_reindexes_only_the_shards_holding_changed_pages(mini, tmp_path, day, monkeypatch, edit):
    pytest.importorskip("pagefind")
    monkeypatch.setattr(search, "SHARD_PAGES", 3)
    out = tmp_path / "site"
    build(mini, out, day, search=True)
    before = _index_files(out)
    brief = mini / "briefs/second-brief.md"
    if edit == "text":  # a quick rebuild: only the brief's own page changes
        brief.write_text(brief.read_text() + "\nA unique word: zyxwvut.\n")
    else:  # from the last full build's state (edited.py): the brief's page and the lists that show its summary change
        brief.write_text(brief.read_text().replace("summary: ", "summary: Newly summarised. ", 1))
    pages = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}
    asked, stat = [], Path.stat
    told, rendered = [], []  # the pages the Indexer was told of as kept, and as rendered again
    known, again = searching.Indexer.known, searching.Indexer.rendered
    monkeypatch.setattr(searching.Indexer, "known", lambda self, path, hashed: (told.append(path),
                                                                               known(self, path, hashed))[1])
    monkeypatch.setattr(searching.Indexer, "rendered", lambda self, path, hashed: (rendered.append(path),
                                                                                  again(self, path, hashed))[1])
    monkeypatch.setattr(Path, "stat", lambda self, **kw: (asked.append(self), stat(self, **kw))[1])
    result = build(mini, out, day, search=True)
    monkeypatch.setattr(Path, "stat", stat)
    assert result.way == ("quick" if edit == "text" else "edited")
    changed = {path for path, data in pages.items() if (out / path).read_bytes() != data}
    assert "briefs/second-brief/index.html" in changed
    if edit == "summary":  # the lists on record pages changed too, in what the search does not read
        assert any(search.indexed(path) and path != "briefs/second-brief/index.html" for path in changed)
    after = _index_files(out)
    shards = search.shards(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    touched = {name for name in shards if any(
        path.startswith(f"pagefind/{name}/") and before.get(path) != after[path] for path in after)}
    holding = {name for name, paths in shards.items() if "briefs/second-brief/index.html" in paths}
    assert touched == holding != set(shards)
    # Only the pages of the shards holding a page rendered again were told to the Indexer: the others were kept whole.
    shard_of = {path: name for name, paths in shards.items() for path in paths}
    redone = {shard_of[path] for path in rendered if path in shard_of}
    assert told and all(path in shard_of and shard_of[path] in redone for path in told)
    assert len(told) + len(rendered) < len(shard_of)
    # The kept shards' files were found in place, at their size, before the edit was seen: not asked again.
    assert not [path for path in asked if path.is_file() and (out / "pagefind") in path.parents
                and path.relative_to(out / "pagefind").parts[0] not in touched]
    for name in set(shards) - touched:  # untouched shards kept their files, not rewritten
        assert {p: v for p, v in after.items() if p.startswith(f"pagefind/{name}/")} == {
            p: v for p, v in before.items() if p.startswith(f"pagefind/{name}/")}
    fresh = tmp_path / "fresh"
    build(mini, fresh, day, reuse=False, search=True)
    assert tree(fresh) == tree(out)  # the incremental index is the full build's, byte for byte


def test_a_text_edit_finds_a_page_gone_while_the_search_indexes_and_takes_the_full_way(mini, tmp_path, day):
    pytest.importorskip("pagefind")
    out = tmp_path / "site"
    build(mini, out, day, search=True)
    (out / "policies/us-il-act/index.html").unlink()  # another page than the edited brief's, in the search index
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text() + "\nA unique word: zyxwvut.\n")
    assert build(mini, out, day, search=True).way == "full"
    fresh = tmp_path / "fresh"
    build(mini, fresh, day, reuse=False, search=True)
    assert tree(fresh) == tree(out)


def test_a_new_day_keeps_the_shards_whose_pages_show_the_date_only_where_the_search_does_not_read(mini, tmp_path, day,
                                                                                              monkeypatch):
    """Every page shows the build's date (its footer, its citation): the first build of a day renders them all, but
    re-indexes only the shards with a page whose searched text holds the date (searchtext.py)."""
    pytest.importorskip("pagefind")
    import datetime as dt

    monkeypatch.setattr(search, "SHARD_PAGES", 2)  # the mini site's two briefs get a shard of their own
    out = tmp_path / "site"
    build(mini, out, day, search=True)
    before = _index_files(out)
    pages = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}
    build(mini, out, day + dt.timedelta(days=1), search=True)
    assert all((out / path).read_bytes() != data for path, data in pages.items() if search.indexed(path))
    after = _index_files(out)
    shards = search.shards(pages)
    kept = {name for name in shards if all(before.get(p) == v for p, v in after.items() if p.startswith(f"pagefind/{name}/"))}
    records = {name for name in shards if name.startswith(("briefs", "policies"))}
    assert "briefs" in records and kept == records  # the tables of jurisdictions and dimensions show the date
    fresh = tmp_path / "fresh"
    build(mini, fresh, day + dt.timedelta(days=1), reuse=False, search=True)
    assert tree(fresh) == tree(out)  # the index kept is the one a full build makes, byte for byte


def _fragments(folder):
    """Return the decompressed text of every page Pagefind indexed under `folder` (its fragments)."""
    import gzip

    return [gzip.decompress(p.read_bytes()).decode("utf-8") for p in sorted(folder.rglob("*.pf_fragment"))]


def test_the_citation_block_is_not_indexed(mini, tmp_path, day):
    pytest.importorskip("pagefind")
    out = tmp_path / "site"
    build(mini, out, day, search=True)
    assert "BibTeX" in (out / "briefs/second-brief/index.html").read_text()  # on the page, with the citations
    texts = _fragments(out / "pagefind")
    brief = next(t for t in texts if '"url":"/briefs/second-brief/"' in t)
    assert "A second brief" in brief and "Text with" in brief  # the brief's own text is indexed
    assert not any("BibTeX" in t or "urldate" in t or "Cite as" in t for t in texts)


def test_shards_are_indexed_while_later_pages_still_render(mini, tmp_path, day, monkeypatch):
    pytest.importorskip("pagefind")
    from generator.site.render import Renderer

    monkeypatch.setattr(search, "SHARD_PAGES", 3)
    events = []
    render, index = Renderer.render_with_body, search.index_gathered

    def rendering(self, page):
        events.append("render")
        return render(self, page)

    def indexing(*args, **kwargs):
        events.append("index")
        return index(*args, **kwargs)

    monkeypatch.setattr(Renderer, "render_with_body", rendering)
    monkeypatch.setattr(search, "index_gathered", indexing)
    out = tmp_path / "site"
    build(mini, out, day, reuse=False, jobs=1, search=True)
    shards = search.shards(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert events.count("index") == len(shards) > 2
    last_render = len(events) - 1 - events[::-1].index("render")
    assert events.index("index") < last_render  # the first shard went to Pagefind before the rendering ended
    fresh = tmp_path / "fresh"
    monkeypatch.setattr(search, "index_gathered", index)
    build(mini, fresh, day, reuse=False, jobs=1, search=True)
    assert tree(fresh) == tree(out)


def test_a_failed_index_fails_the_build_and_keeps_the_previous_output(mini, tmp_path, day, monkeypatch):
    pytest.importorskip("pagefind")
    from generator.problems import ContentError

    monkeypatch.setattr(search, "SHARD_PAGES", 3)
    out = tmp_path / "site"
    build(mini, out, day, search=True)
    before = tree(out)

    def failing(*args, **kwargs):
        raise search.SearchUnavailable("Pagefind failed: test")

    monkeypatch.setattr(search, "index_gathered", failing)
    with pytest.raises(ContentError) as failed:
        build(mini, out, day, reuse=False, search=True)
    assert "Pagefind failed" in failed.value.problems[0].message
    assert tree(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-build-")]  # no staging left behind


def test_hypothetical_pages_and_one_sectors_copies_stay_out_of_the_index():
    from generator.site.search import indexed
    assert indexed("compare/consent/index.html") and indexed("zh/compare/consent/index.html")
    assert indexed("policies/cn-tan-jianfeng-data-bank-proposal/index.html")  # a proposal's own page
    for output in ("compare/if-enacted/index.html", "compare/if-enacted/cc-bill/index.html",
                   "compare/consent/if-enacted/index.html", "zh/compare/consent/if-enacted/cl-law-21719/index.html",
                   "compare/public/index.html", "zh/compare/consent/private/index.html", "404.html"):
        assert not indexed(output), output


AGGREGATES = ("compare/index.html", "compare/overview/index.html", "compare/side-by-side/index.html",
              "timeline/index.html", "changes/index.html", "changes/2019/index.html", "policies/index.html",
              "jurisdictions/index.html", "briefs/index.html", "research/index.html", "search/index.html", "404.html")


def test_aggregate_pages_stay_out_of_the_index_in_every_language_and_records_named_like_them_do_not():
    for output in AGGREGATES:
        assert not search.indexed(output) and not search.indexed("zh/" + output, ["zh"]), output
    for output in ("briefs/search/index.html", "briefs/timeline/index.html", "policies/changes/index.html",
                   "jurisdictions/compare/index.html", "compare/timeline/index.html", "zh/policies/research/index.html",
                   "index.html", "zh/index.html", "data/index.html", "compare/consent/index.html"):
        assert search.indexed(output, ["zh"]), output  # a brief, policy, jurisdiction or dimension may be called anything
    assert search.indexed("zh/timeline/index.html")  # "zh" is a folder of the site, not a language, here


def test_the_index_holds_the_records_and_not_what_aggregate_pages_repeat(mini, tmp_path, day):
    pytest.importorskip("pagefind")
    import re

    out = tmp_path / "site"
    build(mini, out, day, search=True)
    texts = {re.search(r'"url":"([^"]*)"', t).group(1): t for t in _fragments(out / "pagefind")}
    assert {"/briefs/first-brief/", "/policies/us-il-act/", "/jurisdictions/fr/", "/compare/consent/", "/"} <= set(texts)
    assert not {"/" + page.removesuffix("index.html") for page in AGGREGATES} & set(texts)
    assert (out / "compare/index.html").is_file() and (out / "timeline/index.html").is_file()  # built, not indexed
    consent = texts["/compare/consent/"]  # a dimension: its question and values, not its table, map or embed code
    assert "What consent is needed?" in consent and "Explicit" in consent
    dimension_page = (out / "compare/consent/index.html").read_text()
    assert "Name of us-il" in dimension_page and "Name of us-il" not in consent
    assert "<svg" in dimension_page and "Not in the atlas" not in consent and "iframe" not in consent
    france = texts["/jurisdictions/fr/"]  # a jurisdiction: not the list of the briefs that mention it
    cards = BeautifulSoup((out / "jurisdictions/fr/index.html").read_text(), "html.parser").select_one("ul.cards")
    assert "A first brief" in cards.get_text() and "A first brief" not in france and "At a glance" in france
    # Illinois: its cells' winning and pending rules, not the folded layers "also in effect" (each is indexed on its
    # own policy's page) nor the lists of its changes and of the records made here or inherited
    illinois, page = texts["/jurisdictions/us-il/"], (out / "jurisdictions/us-il/index.html").read_text()
    assert "Federal safeguards apply." in illinois and "Would ban police use." in illinois
    assert "Not covered by this act." in page and "Not covered by this act." not in illinois
    assert "Not covered by this act." in texts["/policies/us-il-act/"]
    for repeated in ("Cell changes in Name of us-il", "Records of Name of us-il", "Records inherited by Name of us-il"):
        assert repeated in page and repeated not in illinois, repeated


def test_a_shards_pages_are_gathered_in_the_builds_thread_and_indexed_in_another(mini, tmp_path, day, monkeypatch):
    """The build's thread hard-links a shard's pages into its scratch folder; the indexing thread only runs Pagefind.
    A thread making hundreds of links waits for Python's lock at each while the build's thread renders."""
    pytest.importorskip("pagefind")
    import threading

    monkeypatch.setattr(search, "SHARD_PAGES", 3)
    threads = []
    gather, index = search.gather, search.index_gathered

    def gathering(*args):
        threads.append(("gather", threading.current_thread() is threading.main_thread()))
        return gather(*args)

    def indexing(*args):
        threads.append(("index", threading.current_thread() is threading.main_thread()))
        return index(*args)

    monkeypatch.setattr(search, "gather", gathering)
    monkeypatch.setattr(search, "index_gathered", indexing)
    out = tmp_path / "site"
    build(mini, out, day, reuse=False, jobs=1, search=True)
    shards = len(search.shards(p.relative_to(out).as_posix() for p in out.rglob("*.html")))
    assert sorted(threads) == [("gather", True)] * shards + [("index", False)] * shards
    assert not list(out.parent.glob(f"**/{search.SCRATCH}*"))  # every scratch folder removed


def test_a_summary_edits_shards_are_gathered_and_indexed_by_a_process_apart_while_a_thread_of_the_build_waits(
        mini, tmp_path, day, monkeypatch):
    """After a summary edit (the build reads its state, then renders while the shards index) no thread of the build
    hard-links a shard's pages into its scratch folder (hundreds of folders; a thread of its own would wait for
    Python's lock at each): searchjob.py does, in a process of its own, and the index is the one a full build
    makes. (A text edit's build only waits for its one shard, and gathers it itself.)"""
    pytest.importorskip("pagefind")
    import threading

    monkeypatch.setattr(search, "SHARD_PAGES", 3)
    out = tmp_path / "site"
    build(mini, out, day, search=True)
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text().replace("summary: ", "summary: Newly summarised. ", 1))
    from generator.builds import searching

    threads = []
    gather, index, manifest_around = search.gather, search.index_pages, searching.manifest_around

    def gathering(*args):
        raise AssertionError("a shard's pages gathered by the build")

    def indexing(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return index(*args, **kwargs)

    monkeypatch.setattr(search, "gather", gathering)
    monkeypatch.setattr(search, "index_pages", indexing)
    # and its manifest is the previous one with the pages' and the index's lines spliced in, not made whole again
    monkeypatch.setattr(searching, "manifest_around", lambda *args: pytest.fail("the manifest made whole"))
    assert build(mini, out, day, search=True).way == "edited"
    assert threads and True not in threads
    assert not list(tmp_path.glob(f"**/{search.SCRATCH}*"))  # every scratch folder removed
    monkeypatch.setattr(search, "gather", gather)
    monkeypatch.setattr(searching, "manifest_around", manifest_around)
    fresh = tmp_path / "fresh"
    build(mini, fresh, day, reuse=False, search=True)
    assert tree(fresh) == tree(out)


def test_the_job_that_indexes_a_shard_says_why_its_pages_could_not_be_gathered_and_leaves_no_scratch(tmp_path):
    folder = tmp_path / "out"
    with pytest.raises(search.SearchUnavailable) as failed:
        search.index_pages([("a/index.html", tmp_path / "gone.html")], tmp_path, "en", folder)
    assert "the pages could not be gathered" in str(failed.value) and "gone.html" in str(failed.value)
    assert [p.name for p in tmp_path.iterdir()] == []  # its scratch folder removed; nothing indexed


def test_a_build_without_search_hashes_no_searched_text_and_a_search_build_after_it_is_a_fresh_one(
        mini, tmp_path, day, monkeypatch):
    """Without the index, what Pagefind would read of each page is not hashed (1.7 s of CPU at 10,000 briefs); a
    build with search into that output then indexes every shard, as into an empty folder."""
    pytest.importorskip("pagefind")
    from generator.builds import manifest, workers
    hashed = []
    monkeypatch.setattr(workers, "searched_digest", lambda *args: hashed.append(args) or search.searched_digest(*args))
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(mini, out, day, search=False, jobs=1)
    assert not hashed
    assert all(entry.indexed is None for entry in manifest.read_manifest(out).values())
    build(mini, out, day, search=True, jobs=1)
    build(mini, fresh, day, reuse=False, search=True, jobs=1)
    assert tree(out) == tree(fresh)  # the manifest too: the pages kept from the first build were hashed then


def test_a_shard_is_indexed_from_the_builds_process_where_the_job_cannot_run(tmp_path, monkeypatch):
    """With no script to run (the package in a zip file) the pages are gathered and indexed here: the same index."""
    pytest.importorskip("pagefind")
    pages = []
    for name, words in {"alpha": "Alpha falcon", "beta": "Beta heron"}.items():
        page = tmp_path / "pages" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<html lang='en'><body><main><h1>{words}</h1><p>{words} nest.</p></main></body></html>")
        pages.append((f"{name}/index.html", page))
    search.index_pages(pages, tmp_path, "en", tmp_path / "apart")
    monkeypatch.setattr(search, "_JOB", tmp_path / "missing.py")
    monkeypatch.setattr(search, "_index_apart", lambda *args: pytest.fail("a process started"))
    search.index_pages(pages, tmp_path, "en", tmp_path / "here")
    assert tree(tmp_path / "here") == tree(tmp_path / "apart") != {}
    assert not list(tmp_path.glob(f"{search.SCRATCH}*"))


@pytest.mark.parametrize("module", ["pagefind_bin_extended", "pagefind_bin"])
def test_pagefinds_binary_is_the_one_its_package_names_found_without_importing_the_package(module):
    """The build runs the binary the package ships, looked for where the package looks, without importing it (which
    imports logging and platform while an edited build reads its state); the extended one first."""
    import subprocess
    import sys

    pytest.importorskip(module)
    script = (f"import sys; from generator.site import search; found = search._binary({module!r}); "
              f"print(found, {module!r} in sys.modules, search._pagefind()[0])")
    found, imported, command = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                              check=True).stdout.split()
    assert imported == "False"
    assert found == str(__import__(module).get_executable())
    extended = pytest.importorskip("pagefind_bin_extended")
    assert command == str(extended.get_executable())
    assert search._binary("no_such_pagefind_package") is None
