"""Edited records on the command line: a build after an edit of briefs or policies is redone from the last full
build's state (builds/edited.py), and gives byte for byte what a full build writes; a missing, stale or damaged
state (test_state_file.py), or an edit the live path does not handle, takes the full way with the same result."""

import json
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.builds import edited, inputs, state
from generator.builds.manifest import read_manifest
from generator.problems import ContentError
from site_trees import full_build, tree

from edit_support import edit_front, edit_yaml, state_folder

REPO = Path(__file__).resolve().parents[2]


def test_a_summary_edit_is_redone_from_the_state_and_equals_a_full_build(mini, built, tmp_path, day):
    assert (state_folder(built) / state.FILE).is_file()  # the full build left its state
    edit_front(mini / "briefs/second-brief.md", "summary", "Edited:")
    result = build(mini, built, day)
    assert result.way == "edited" and 1 < result.rendered < result.pages
    assert b"Edited: Another." in (built / "briefs/index.html").read_bytes()
    assert tree(built) == full_build(mini, tmp_path, day)  # the manifest too


def test_the_quick_check_and_the_edit_run_with_the_cycle_collector_paused_and_it_runs_again_after(mini, built, tmp_path,
                                                                                                     day, monkeypatch):
    """Neither walks the objects they make and keep (the manifest's entries, the content files' stats) again and
    again; a full build that follows, and serve's builds, have the collector as it was."""
    import gc

    from generator.builds import full, quick

    seen = []

    def noting(name, real):
        def call(*args, **kwargs):
            seen.append((name, gc.isenabled()))
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(quick, "attempt", noting("quick", quick.attempt))
    monkeypatch.setattr(edited, "attempt", noting("edited", edited.attempt))
    monkeypatch.setattr(full, "build", noting("full", full.build))
    edit_front(mini / "briefs/second-brief.md", "summary", "Edited:")
    assert build(mini, built, day).way == "edited" and gc.isenabled()
    (mini / "briefs/new-brief.md").write_text((mini / "briefs/second-brief.md").read_text(encoding="utf-8"),
                                              encoding="utf-8")  # a new file: the full way
    assert build(mini, built, day).way == "full" and gc.isenabled()
    assert seen == [("quick", False), ("edited", False), ("quick", False), ("full", True)]
    assert tree(built) == full_build(mini, tmp_path, day)


def test_an_edit_asks_whether_the_outputs_files_are_in_place_once_it_has_read_the_state(mini, built, tmp_path, day,
                                                                                        monkeypatch):
    """The quick check starts the output's check in a forked process; an edit takes its answer after reading the
    state, not before (the 27,000 stats of a 10,000-brief site looked at meanwhile), and still before committing:
    with a page missing, the full way ("output deleted, a summary edited" in test_quick.py)."""
    from generator.builds import quick, state

    asked, ask, read = [], quick._OutputCheck.__call__, state.read
    monkeypatch.setattr(quick._OutputCheck, "__call__", lambda check: (asked.append("output in place?"), ask(check))[1])
    monkeypatch.setattr(state, "read", lambda *args: (asked.append("state read"), read(*args))[1])
    edit_front(mini / "briefs/second-brief.md", "summary", "Edited:")
    assert build(mini, built, day).way == "edited"
    assert asked == ["state read", "output in place?"]
    assert tree(built) == full_build(mini, tmp_path, day)


def test_the_outputs_last_quarter_is_checked_here_when_nothing_changed_and_apart_for_an_edit(mini, built, day,
                                                                                             monkeypatch):
    from generator.builds import quick

    monkeypatch.setattr(quick.threading, "active_count", lambda: 1)  # pytest-xdist's threads: forking is safe here
    forks, fork = [], quick._fork
    monkeypatch.setattr(quick, "_fork", lambda: forks.append(1) or fork())
    assert build(mini, built, day).way == "quick" and len(forks) == 1
    forks.clear()
    edit_front(mini / "briefs/second-brief.md", "summary", "Edited:")
    assert build(mini, built, day).way == "edited" and len(forks) == 2


@pytest.mark.parametrize("edit", ["summary", "title", "summary and text", "policy"])
def test_edits_of_a_generated_corpus_equal_a_full_build(synthetic, tmp_path, day, edit):
    out = tmp_path / "site"
    build(synthetic, out, day)
    briefs = sorted((synthetic / "briefs").iterdir())
    if edit == "policy":
        edit_yaml(sorted((synthetic / "policies").iterdir())[3], "title", "Edited:")
    else:
        edit_front(briefs[5], "title" if edit == "title" else "summary", "Edited:")
    if edit == "summary and text":
        briefs[5].write_text(briefs[5].read_text(encoding="utf-8") + "\nA sentence added to the text.\n")
    result = build(synthetic, out, day)
    assert result.way == "edited"
    assert tree(out) == full_build(synthetic, tmp_path, day)


def test_edits_in_a_row_then_a_text_edit_the_quick_way(synthetic, tmp_path, day):
    """The state stays the last full build's: each build applies every edit since, and records what the next
    quick rebuild of a rendered brief needs."""
    out = tmp_path / "site"
    build(synthetic, out, day)
    briefs = sorted((synthetic / "briefs").iterdir())
    for index in (2, 7, 2):
        edit_front(briefs[index], "summary", f"Edit {index}:")
        assert build(synthetic, out, day).way == "edited"
    briefs[2].write_text(briefs[2].read_text(encoding="utf-8") + "\nMore text.\n")
    assert build(synthetic, out, day).way == "quick"
    assert tree(out) == full_build(synthetic, tmp_path, day)


def test_the_shipped_atlas_with_its_chinese_edition(tmp_path, day):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    out = tmp_path / "site"
    build(content, out, day)
    edit_front(content / "briefs/how-to-read-this-atlas.md", "summary", "Edited:")  # untranslated: zh lists show it
    edit_front(content / "briefs/china-proposed-national-biometric-data-bank.md", "title", "Edited:")  # translated
    result = build(content, out, day)
    assert result.way == "edited"
    assert "Edited: " in (out / "zh/briefs/index.html").read_text(encoding="utf-8")
    assert tree(out) == full_build(content, tmp_path, day)


def test_a_translation_of_site_yaml_edited_is_seen(mini, tmp_path, day):
    """site.zh-Hans.yaml is a content file like site.yaml: its edit is no quick rebuild of nothing, nor an edit the
    state can redo."""
    with (mini / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("languages:\n  - {code: zh-Hans, prefix: zh, label: 中文}\n")
    sidecar = mini / "site.zh-Hans.yaml"
    sidecar.write_text("title: 测试图谱\ntagline: 一句口号\n", encoding="utf-8")
    out = tmp_path / "site"
    build(mini, out, day)
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("tagline: ", "tagline: 新", 1), encoding="utf-8")
    result = build(mini, out, day)
    assert result.way == "full" and result.rendered > 0
    assert "新一句口号" in (out / "zh/index.html").read_text(encoding="utf-8")
    assert tree(out) == full_build(mini, tmp_path, day)


def test_a_theme_edit_since_the_state_takes_the_full_way(mini, built, tmp_path, day):
    theme = mini.parent / "themes" / "default" / "templates"
    theme.mkdir(parents=True)
    shutil.copy(REPO / "themes/default/templates/brief.html", theme / "brief.html")
    build(mini, built, day)  # the site now uses a theme beside the content
    (theme / "brief.html").write_text((theme / "brief.html").read_text() + "\n<!-- changed -->\n")
    edit_front(mini / "briefs/second-brief.md", "summary", "Edited:")
    assert build(mini, built, day).way == "full"
    assert tree(built) == full_build(mini, tmp_path, day)


@pytest.mark.parametrize("edit", [
    lambda mini: (mini / "site.yaml").write_text((mini / "site.yaml").read_text() + "\n"),
    lambda mini: edit_yaml(mini / "jurisdictions/fr.yaml", "name", "Edited"),
    lambda mini: (mini / "briefs/first-brief.md").unlink(),
    lambda mini: (mini / "briefs/second-brief.md").write_text(  # a new link: other pages list the brief
        (mini / "briefs/second-brief.md").read_text() + "\nNow also about [[eu-law]].\n"),
    lambda mini: (mini / "briefs/second-brief.md").write_text(  # its place in the lists
        (mini / "briefs/second-brief.md").read_text().replace("date: 2026-10-01", "date: 2019-01-01")),
], ids=["site.yaml", "jurisdiction", "deleted", "new link", "date"])
def test_edits_the_live_path_does_not_handle_take_the_full_way(mini, built, tmp_path, day, edit):
    edit(mini)
    result = build(mini, built, day)
    assert result.way == "full"
    assert tree(built) == full_build(mini, tmp_path, day)


def test_a_content_error_in_the_edited_file_is_reported_and_the_site_kept(mini, built, day):
    before = tree(built)
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text().replace("date: ", "date: not-a-date # ", 1))
    with pytest.raises(ContentError) as caught:
        build(mini, built, day)
    problem = caught.value.problems[0]
    assert problem.path.endswith("second-brief.md") and problem.line > 1
    assert tree(built) == before


def test_files_touched_since_the_full_build_are_read_once_not_by_every_edited_build(synthetic, tmp_path, day,
                                                                                  monkeypatch):
    """A checkout that rewrites every file without changing it: the first build after it reads them all again
    (their times are new), and records them; the next edited builds read only what was edited since, although
    the state keeps the full build's times until the next full build."""
    import os
    import time

    out = tmp_path / "site"
    build(synthetic, out, day)
    an_hour_ago = time.time() - 3600
    files = sorted(path for path in synthetic.rglob("*") if path.is_file())
    for path in files:
        os.utime(path, (an_hour_ago, an_hour_ago))
    briefs = sorted((synthetic / "briefs").iterdir())
    read = []
    real = inputs._hash_file
    monkeypatch.setattr(inputs, "_hash_file", lambda path: read.append(path) or real(path))
    edit_front(briefs[4], "summary", "Edit 4:")
    assert build(synthetic, out, day).way == "edited"
    assert len(read) == len(files)  # each file once: by the quick check, not again against the state
    read.clear()
    edit_front(briefs[9], "summary", "Edit 9:")
    assert build(synthetic, out, day).way == "edited"
    assert set(read) <= {briefs[4], briefs[9]}  # the edited files (the first may still be too new to trust)
    assert tree(out) == full_build(synthetic, tmp_path, day)


def test_the_record_for_quick_rebuilds_follows_the_pages_rendered(mini, built, tmp_path, day):
    """A brief page re-rendered because a policy it shows changed gets a new fingerprint: the record of what its
    quick rebuild needs follows, so a text edit afterwards still writes the full build's manifest."""
    edit_yaml(mini / "policies/eu-law.yaml", "title", "Edited:")
    assert build(mini, built, day).way == "edited"
    (mini / "briefs/first-brief.md").write_text((mini / "briefs/first-brief.md").read_text() + "\nMore.\n")
    assert build(mini, built, day).way == "quick"
    assert read_manifest(built) == read_manifest_of(full_build(mini, tmp_path, day), tmp_path)


def read_manifest_of(files: dict[str, bytes], tmp_path: Path) -> dict:
    folder = tmp_path / "manifest-only"
    folder.mkdir(exist_ok=True)
    (folder / ".policy-atlas-manifest.tsv").write_bytes(files[".policy-atlas-manifest.tsv"])
    return read_manifest(folder)


def test_an_edited_build_indexes_the_edited_pages_shard_while_the_long_pages_still_render(mini, tmp_path, day,
                                                                                           monkeypatch):
    """The brief's shard goes to Pagefind as soon as the brief's page is written, not after the data export is
    rendered too: the searched pages render first (the dozen pages of a summary edit render in this process,
    edited._jobs), and each is reported as it is written (searching.reindexing)."""
    import time

    from generator.site import render, search

    out, marks = tmp_path / "searched", tmp_path / "marks"
    build(mini, out, day, search=True)
    real_render, real_index = render.Renderer.render_with_body, search.index_pages

    def slow_export(self, page):  # the export takes a second more, then says when it ended
        made = real_render(self, page)
        if page.kind == "atlas_json":
            time.sleep(1.0)
            with open(marks, "a") as file:
                file.write(f"export {time.time()}\n")
        return made

    def index(*args, **kwargs):
        with open(marks, "a") as file:
            file.write(f"index {time.time()}\n")
        return real_index(*args, **kwargs)

    monkeypatch.setattr(render.Renderer, "render_with_body", slow_export)
    monkeypatch.setattr(search, "index_pages", index)
    edit_front(mini / "briefs/second-brief.md", "summary", "Edited:")
    result = build(mini, out, day, jobs=2, search=True)
    assert result.way == "edited"
    times = dict(line.split() for line in marks.read_text().splitlines())
    assert float(times["index"]) < float(times["export"])  # the shard was indexed before the export was done
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    build(mini, fresh, day, reuse=False, search=True)
    assert tree(out) == tree(fresh)


def test_the_data_export_encodes_again_only_the_briefs_while_the_other_records_are_as_saved(synthetic, tmp_path,
                                                                                            day, monkeypatch):
    """The state keeps atlas.json but its briefs (exports.JsonParts): a summary edited encodes the briefs alone; a
    policy edited since the state makes the rest again. The export equals a full build's either way."""
    from generator.site import exports

    out, calls = tmp_path / "site", tmp_path / "calls"
    build(synthetic, out, day)
    real = exports.atlas_json_parts

    def counted(*args):  # the export renders in a forked worker: counted in a file
        with open(calls, "a") as file:
            file.write("made\n")
        return real(*args)

    monkeypatch.setattr(exports, "atlas_json_parts", counted)
    encoded, real_brief = [], exports._brief_json
    monkeypatch.setattr(exports, "_brief_json", lambda brief, views: (encoded.append(brief.slug),
                                                                      real_brief(brief, views))[1])
    briefs, policies = sorted((synthetic / "briefs").iterdir()), sorted((synthetic / "policies").iterdir())
    edit_front(briefs[5], "summary", "Edited:")
    assert build(synthetic, out, day, jobs=2).way == "edited"
    assert not calls.exists() and encoded == [briefs[5].stem]  # the edited brief alone encoded again
    assert (out / "data/atlas.json").read_bytes() == full_build(synthetic, tmp_path, day)["data/atlas.json"]
    calls.unlink(missing_ok=True)  # the full build above made its own
    edit_yaml(policies[3], "title", "Edited:")
    assert build(synthetic, out, day, jobs=2).way == "edited"
    assert calls.read_text() == "made\n"
    assert (out / "data/atlas.json").read_bytes() == full_build(synthetic, tmp_path, day)["data/atlas.json"]


def test_a_summary_edit_renders_in_this_process_and_an_edit_showing_on_the_compare_pages_forks(synthetic, tmp_path,
                                                                                                day, monkeypatch):
    """A dozen quick pages render in the build's own process: forking workers from a process that holds the whole
    state costs more than they save (edited._jobs). An edit whose pages include the compare pages forks them."""
    from generator.builds import workers

    out, forks = tmp_path / "site", tmp_path / "forks"
    real = workers._start_worker

    def start(*args):  # in each forked worker
        with open(forks, "a") as file:
            file.write("forked\n")
        real(*args)

    monkeypatch.setattr(workers, "_start_worker", start)
    build(synthetic, out, day, jobs=2)
    forks.unlink()
    edit_front(sorted((synthetic / "briefs").iterdir())[5], "summary", "Edited:")
    result = build(synthetic, out, day, jobs=2)
    assert result.way == "edited" and 1 < result.rendered <= edited.FEW_PAGES
    assert not forks.exists()
    edit_yaml(sorted((synthetic / "policies").iterdir())[3], "title", "Edited:")
    result = build(synthetic, out, day, jobs=2)
    assert result.way == "edited" and forks.read_text() == "forked\nforked\n"
    assert tree(out) == full_build(synthetic, tmp_path, day)


def test_a_summary_edit_reads_the_kept_change_log_when_a_page_first_shows_it(synthetic, tmp_path, day, monkeypatch):
    """Rendered in this process, the edit reads the change log kept by the full build (changecache.py) once, when the
    first page that shows it renders: after the brief's own page, whose search shard is then already indexing; and
    only a jurisdiction's or a policy's changes at a time (changecache.Slices), never the whole log."""
    from generator.builds import changecache
    from generator.site import render

    out, events = tmp_path / "site", []
    build(synthetic, out, day)
    real_read, real_slices, real_render = changecache.read, changecache.read_slices, render.Renderer.render_with_body

    def read(*args):
        events.append("read")
        return real_read(*args)

    def read_slices(*args):
        events.append("slices")
        return real_slices(*args)

    def rendering(self, page):
        events.append(page.kind)
        return real_render(self, page)

    monkeypatch.setattr(changecache, "read", read)
    monkeypatch.setattr(changecache, "read_slices", read_slices)
    monkeypatch.setattr(render.Renderer, "render_with_body", rendering)
    edit_front(sorted((synthetic / "briefs").iterdir())[5], "summary", "Edited:")
    result = build(synthetic, out, day, jobs=2)
    assert result.way == "edited"
    assert events.count("slices") == 1 and "read" not in events and events[0] != "slices"  # a page rendered first
    assert events[events.index("slices") - 1] in render.CHANGE_PAGES  # read by the first page that shows changes
    monkeypatch.setattr(render.Renderer, "render_with_body", real_render)
    assert tree(out) == full_build(synthetic, tmp_path, day)


def test_an_edited_build_takes_the_search_shards_the_full_build_planned_for_the_same_pages(synthetic, tmp_path, day,
                                                                                          monkeypatch):
    pytest.importorskip("pagefind")
    from generator.builds import searching
    from generator.builds.write import Staging
    from generator.site import search

    out = tmp_path / "site"
    build(synthetic, out, day, search=True)
    planned, shards = [], search.shards
    monkeypatch.setattr(search, "shards", lambda *args: (planned.append(args), shards(*args))[1])
    edit_front(sorted((synthetic / "briefs").glob("*.md"))[3], "summary", "Edited:")
    assert build(synthetic, out, day, search=True).way == "edited" and not planned  # the state's plan: no pages planned
    fresh = tmp_path / "fresh"
    build(synthetic, fresh, day, reuse=False, search=True)
    assert tree(out) == tree(fresh)
    kept = (("briefs/b/index.html",), {"site": ("briefs/b/index.html",)})
    with Staging(tmp_path / "other") as staging, searching.Indexer(staging, ["briefs/a/index.html"], {}, "en", 1,
                                                                   kept) as indexer:
        assert indexer.plan == shards(["briefs/a/index.html"])  # a plan for other pages is not taken


def test_a_summary_edit_rewrites_the_brief_pages_record_while_the_search_indexes(synthetic, tmp_path, day, monkeypatch):
    pytest.importorskip("pagefind")
    from generator.builds import searching

    out, events = tmp_path / "site", []
    build(synthetic, out, day, search=True)
    brief_pages, finish = edited._brief_pages, searching.Indexer.finish
    monkeypatch.setattr(edited, "_brief_pages", lambda *args: (events.append("record"), brief_pages(*args))[1])
    monkeypatch.setattr(searching.Indexer, "finish",
                        lambda self, *args: (events.append("wait"), finish(self, *args))[1])
    edit_front(sorted((synthetic / "briefs").glob("*.md"))[7], "summary", "Edited:")
    assert build(synthetic, out, day, search=True).way == "edited" and events == ["record", "wait"]
    brief = sorted((synthetic / "briefs").glob("*.md"))[7]
    brief.write_text(brief.read_text(encoding="utf-8") + "\nMore words.\n", encoding="utf-8")
    assert build(synthetic, out, day, search=True).way == "quick"  # the record rewritten serves the next text edit


def test_briefs_edited_apart_leave_the_brief_pages_record_a_full_build_writes(synthetic, tmp_path, day):
    """Each edited brief's line is spliced into the record of brief pages (edited._brief_pages), several in one
    pass: the record is byte for byte the one a full build of the same content writes."""
    out = tmp_path / "site"
    build(synthetic, out, day)
    briefs = sorted((synthetic / "briefs").glob("*.md"))
    for path in (briefs[40], briefs[3]):  # two lines spliced in one pass (any order: the test below)
        edit_front(path, "summary", "Edited:")
    assert build(synthetic, out, day).way == "edited"
    fresh = tmp_path / "fresh" / "site"
    build(synthetic, fresh, day)
    spliced, whole = (state_folder(folder) / inputs.BRIEFS for folder in (out, fresh))
    assert spliced.read_bytes() == whole.read_bytes()


def test_the_brief_pages_record_takes_lines_spliced_in_any_order(synthetic, tmp_path, day):
    out = tmp_path / "site"
    build(synthetic, out, day)
    folder = state_folder(out)
    record = inputs.read(folder)
    lines = [json.loads(line) for line in (folder / inputs.BRIEFS).read_bytes().splitlines()[1:]]
    every = {relative: fields for relative, *fields in lines}
    edited_lines = {relative: [*every[relative][:-1], f"Edited {n}"] for n, relative in
                    enumerate([lines[45][0], lines[2][0], lines[20][0]])}  # not in the file's order
    spliced = edited._brief_pages(record, folder, edited_lines)
    whole = tmp_path / "whole"
    assert spliced == inputs.write_brief_pages(whole, {**every, **edited_lines})
    assert (folder / inputs.BRIEFS).read_bytes() == (whole / inputs.BRIEFS).read_bytes()
