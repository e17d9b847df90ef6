"""Quick rebuilds: with nothing changed, or only a brief's text, the site is not loaded, and the output
is exactly what a full build writes. Everything else goes the full way."""

import os
import shutil
import subprocess
import sys

import pytest

from generator.builds import inputs
from generator.build import build
from generator.content.cache import FOLDER as CACHE_FOLDER
from generator.builds.manifest import MANIFEST, manifest_sizes, parse_manifest, read_manifest
from generator.problems import ContentError
from site_trees import full_build, tree


def quick(result) -> bool:
    return result.way == "quick"  # a quick rebuild does not load the site


def append(path, text):
    path.write_text(path.read_text() + text)


def test_nothing_changed_is_quick_and_writes_nothing(mini, built, day):
    before = {p: p.stat().st_mtime_ns for p in built.rglob("*")}
    result = build(mini, built, day)
    assert quick(result) and result.rendered == 0 and result.pages > 20
    assert {p: p.stat().st_mtime_ns for p in built.rglob("*")} == before


def test_nothing_changed_reads_only_the_sizes_and_loads_no_renderer(mini, built, day):
    raw = (built / MANIFEST).read_bytes()
    assert manifest_sizes(raw) == {path: entry.size for path, entry in parse_manifest(raw).items()} != {}
    assert manifest_sizes(raw.replace(b"manifest 5", b"manifest 4", 1)) == {}
    code = ("import sys, datetime; from pathlib import Path; from generator.build import build; "
            f"r = build(Path({str(mini)!r}), Path({str(built)!r}), datetime.date.fromisoformat({day.isoformat()!r}), "
            "search=False); "
            "print(r.way, sorted(m for m in sys.modules if m.startswith(('generator.site.markdown', "
            "'generator.builds.searching', 'generator.builds.textedit', 'jinja2', 'markdown_it'))))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert found == ["quick", "[]"]  # Markdown, the templates and the search load only when something changed


@pytest.mark.parametrize("apart", ["forked", "threads", "no process to spare"])
def test_the_output_is_checked_in_a_forked_process_or_here_with_the_same_answer(built, monkeypatch, apart):
    from generator.builds import quick as quick_module

    # With other threads running (serve; pytest-xdist's own), no fork: the check is made here.
    monkeypatch.setattr(quick_module.threading, "active_count", lambda: 2 if apart == "threads" else 1)
    if apart == "no process to spare":
        monkeypatch.setattr(quick_module.os, "fork", lambda: (_ for _ in ()).throw(BlockingIOError(11, "EAGAIN")))
    raw = (built / MANIFEST).read_bytes()
    assert quick_module._OutputCheck(built, raw)() is True
    page = built / "policies/us-il-act/index.html"
    page.write_bytes(page.read_bytes() + b" ")  # a hand edit that changes its size
    assert quick_module._OutputCheck(built, raw)() is False
    page.unlink()
    assert quick_module._OutputCheck(built, raw)() is False
    assert quick_module._OutputCheck(built, raw.replace(b"manifest 5", b"manifest 4", 1))() is False


@pytest.mark.parametrize("edited", [False, True])
def test_the_output_is_checked_in_two_parts_and_a_file_amiss_in_either_is_found(built, monkeypatch, edited):
    """Three quarters of the files in a forked process, the rest here (nothing changed) or in a second one (an edit)."""
    from generator.builds import quick as quick_module

    raw = (built / MANIFEST).read_bytes()
    first, rest = quick_module._split(raw, quick_module._OutputCheck.SHARE)
    header, lines = raw.split(b"\n", 1)[0] + b"\n", raw.split(b"\n")
    assert first.startswith(header) and rest.startswith(header) and len(first) > 2 * len(rest)
    assert sorted((first + rest[len(header):]).split(b"\n")) == sorted(lines)
    assert quick_module._split(header, 0.75) == (header, None)  # no files listed: not intact, as before
    monkeypatch.setattr(quick_module.threading, "active_count", lambda: 1)
    forks, fork = [], quick_module._fork
    monkeypatch.setattr(quick_module, "_fork", lambda: forks.append(1) or fork())

    def intact(manifest: bytes = raw) -> bool:
        check = quick_module._OutputCheck(built, manifest)
        if edited:
            check.rest_apart()
        return check()

    assert intact() is True and len(forks) == (2 if edited else 1)
    assert intact(header) is False
    for part in (first, rest):  # the first and the last file of each part
        for line in (part.split(b"\n")[1], part.rstrip(b"\n").split(b"\n")[-1]):
            path = built / line.split(b"\t")[0].decode()
            kept = path.read_bytes()
            path.write_bytes(kept + b" ")
            assert intact() is False, path
            path.write_bytes(kept)
    assert intact() is True


def test_a_brief_text_edit_is_quick_and_equals_a_full_build(mini, built, tmp_path, day):
    append(mini / "briefs/second-brief.md", "\nA new paragraph with **bold** text and [a link](https://example.org/).\n")
    result = build(mini, built, day)
    assert quick(result) and result.rendered == 1
    assert b"A new paragraph with <strong>bold</strong>" in (built / "briefs/second-brief/index.html").read_bytes()
    assert tree(built) == full_build(mini, tmp_path, day)  # the manifest too: fingerprints and where the text is


def test_after_a_quick_rebuild_a_full_build_keeps_every_page(mini, built, day):
    append(mini / "briefs/first-brief.md", "\nMore about [[eu-law]].\n")
    assert quick(build(mini, built, day))
    (mini / "site.yaml").write_text((mini / "site.yaml").read_text() + "\n")  # forces the full way
    result = build(mini, built, day)
    assert not quick(result) and result.rendered == 0


def test_several_quick_rebuilds_in_a_row(mini, built, tmp_path, day):
    for round_ in range(3):
        for name in ("first-brief", "second-brief"):
            append(mini / f"briefs/{name}.md", f"\nRound {round_}: a longer sentence than the one before it.\n")
        result = build(mini, built, day)
        assert quick(result) and result.rendered == 2
    assert tree(built) == full_build(mini, tmp_path, day)


def test_text_shrinking_and_growing_keeps_the_rest_of_the_page(mini, built, tmp_path, day):
    brief = mini / "briefs/first-brief.md"
    front, body = brief.read_text().split("---\n")[1:]
    brief.write_text(f"---\n{front}---\nShort. [[eu-law]] [[fr|France]] [[second-brief]] [[consent]]\n")
    assert quick(build(mini, built, day))
    assert tree(built) == full_build(mini, tmp_path, day)
    brief.write_text(f"---\n{front}---\n{body}\n{body}")
    assert quick(build(mini, built, day))
    assert tree(built) == full_build(mini, tmp_path, day)


@pytest.mark.parametrize("edit", [
    lambda text: text.replace("summary: Another.", "summary: Another, edited."),  # front matter
    lambda text: text + "\nNow also about [[eu-law]].\n",  # a new link: other pages list the brief
    lambda text: text.replace("[[us-il-act]]", "us-il-act"),  # a link removed
])
def test_edits_other_pages_show_are_not_quick(mini, built, tmp_path, day, edit):
    brief = mini / "briefs/second-brief.md"
    brief.write_text(edit(brief.read_text()))
    result = build(mini, built, day)
    assert not quick(result) and result.rendered > 1  # redone from the last full build's state (test_edited.py)
    assert tree(built) == full_build(mini, tmp_path, day)


def test_a_broken_link_added_to_the_text_is_reported(mini, built, day):
    append(mini / "briefs/second-brief.md", "\nSee [[no-such-record]].\n")
    with pytest.raises(ContentError) as error:
        build(mini, built, day)
    assert any("no-such-record" in problem.message for problem in error.value.problems)


def test_a_change_in_the_same_instant_as_the_last_one_is_seen(mini, tmp_path, day):
    """A file saved just before a build, then changed again at the same size and time: the time
    is too recent to be trusted, so the file is read again (as git does with racily clean files)."""
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text())  # saved now
    out = tmp_path / "site"
    build(mini, out, day)
    stat = brief.stat()
    brief.write_text(brief.read_text().replace("Text with", "Text wit!"))
    os.utime(brief, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert quick(build(mini, out, day))
    assert b"Text wit!" in (out / "briefs/second-brief/index.html").read_bytes()


def test_files_too_new_to_trust_are_read_once_then_trusted(mini, tmp_path, day, monkeypatch):
    """Files written just before a build (a checkout, a copy) are read again by the next one; when it finds
    them unchanged it records them (as git refreshes its index), so later builds only look at their stat."""
    import time

    now = time.time_ns()
    for path in mini.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(now, now))  # all written this instant, as by a checkout
    out = tmp_path / "site"
    build(mini, out, day)
    time.sleep(0.4)
    read = []
    real = inputs._hash_file
    monkeypatch.setattr(inputs, "_hash_file", lambda path: read.append(path.name) or real(path))
    assert quick(build(mini, out, day)) and "second-brief.md" in read  # too new to trust: read, found unchanged
    read.clear()
    monkeypatch.setattr(inputs, "RACY_NS", 200_000_000)  # 0.2 s: older than that before the last record is trusted
    assert quick(build(mini, out, day)) and read == []  # the record was refreshed by the build before
    brief = mini / "briefs/second-brief.md"
    append(brief, "\nOne more line.\n")  # an edit after that is still seen
    assert quick(build(mini, out, day)) and b"One more line." in (out / "briefs/second-brief/index.html").read_bytes()


@pytest.mark.parametrize("change", ["template", "new file", "removed file", "as of", "drafts", "output deleted",
                                    "record damaged", "brief pages damaged", "output edited",
                                    "output deleted, a text edited", "output deleted, a summary edited"])
def test_anything_else_takes_the_full_way_and_is_right(mini, built, tmp_path, day, change):
    kwargs = {}
    if change == "template":
        override = mini.parent / "themes/default/templates"
        override.mkdir(parents=True)
        (override / "not_found.html").write_text("{% extends 'base.html' %}{% block main %}Gone.{% endblock %}")
    elif change == "new file":
        shutil.copy(mini / "briefs/second-brief.md", mini / "briefs/third-brief.md")
    elif change == "removed file":
        (mini / "briefs/second-brief.md").unlink()
        (mini / "briefs/first-brief.md").write_text((mini / "briefs/first-brief.md").read_text()
                                                    .replace("[[second-brief]]", "the second brief"))
    elif change == "as of":
        kwargs["as_of"] = day.replace(year=day.year - 1)
    elif change == "drafts":
        kwargs["drafts"] = True
    elif change == "output deleted":
        (built / "briefs/first-brief/index.html").unlink()
    elif change == "record damaged":
        record = inputs.folder_for(tmp_path / CACHE_FOLDER, built) / inputs.FILE
        record.write_text(record.read_text()[:100])
    elif change == "brief pages damaged":  # and a brief's text edited, which would need them
        pages = inputs.folder_for(tmp_path / CACHE_FOLDER, built) / inputs.BRIEFS
        pages.write_bytes(pages.read_bytes().replace(b"first-brief", b"first-brieg"))
        append(mini / "briefs/first-brief.md", "\nMore.\n")
    elif change == "output edited":  # a page edited by hand, and the text of its brief edited too
        page = built / "briefs/second-brief/index.html"
        page.write_bytes(page.read_bytes().replace(b"<h1>", b"<h1 >"))
        append(mini / "briefs/second-brief.md", "\nMore.\n")
    elif change.startswith("output deleted, "):  # another page than the edited brief's
        (built / "policies/us-il-act/index.html").unlink()
        brief = mini / "briefs/second-brief.md"
        if change.endswith("text edited"):
            append(brief, "\nMore.\n")
        else:
            brief.write_text(brief.read_text().replace("summary: ", "summary: Newly summarised. ", 1))
    result = build(mini, built, **{"as_of": day, **kwargs})
    assert not quick(result)
    if change.startswith("output deleted, "):
        assert result.way == "full"  # not redone from the state either: its pages are not all in place
    fresh = tmp_path / "fresh"
    build(mini, fresh, **{"as_of": day, **kwargs}, reuse=False)
    assert tree(built) == tree(fresh)
    if change == "template":
        assert b"Gone." in (built / "404.html").read_bytes()


def test_build_and_preview_keep_separate_records(mini, built, tmp_path, day):
    preview = tmp_path / ".atlas-preview"
    build(mini, preview, day, drafts=True)
    assert quick(build(mini, built, day)) and quick(build(mini, preview, day, drafts=True))


def test_the_search_index_is_left_to_the_full_way(mini, built, day):
    append(mini / "briefs/second-brief.md", "\nMore.\n")
    record = inputs.read(inputs.folder_for(built.parent / CACHE_FOLDER, built))
    assert record is not None
    from generator.builds import quick as quick_module
    assert quick_module.attempt(mini, built, day, False, True, inputs.folder_for(built.parent / CACHE_FOLDER, built)) is None


def test_serve_keeps_its_parse_cache_across_quick_rebuilds(mini, tmp_path, day):
    out = tmp_path / ".atlas-preview"
    result = build(mini, out, day, drafts=True)
    append(mini / "briefs/second-brief.md", "\nMore.\n")
    result = build(mini, out, day, drafts=True, cache=result.cache.next_run())
    assert quick(result)
    (mini / "briefs/second-brief.md").write_text((mini / "briefs/second-brief.md").read_text()
                                                 .replace("summary: Another.", "summary: Edited."))
    append(mini / "site.yaml", "\n")  # the full way: the site is loaded
    result = build(mini, out, day, drafts=True, cache=result.cache.next_run())
    assert result.way == "full" and result.cache.hits > 0  # the unchanged files came from the cache


def test_the_manifest_records_where_each_brief_text_is(mini, built):
    start, end = read_manifest(built)["briefs/first-brief/index.html"].body
    html = (built / "briefs/first-brief/index.html").read_bytes()[start:end]
    assert html.startswith(b"<h2") and b"Background" in html and b"</p>" in html


def test_serve_takes_unchanged_records_from_the_previous_build(mini, tmp_path, day):
    out = tmp_path / ".atlas-preview"
    first = build(mini, out, day, drafts=True)
    policy = mini / "policies/us-il-act.yaml"
    policy.write_text(policy.read_text().replace("A written release.", "A signed written release."))
    append(mini / "site.yaml", "\n")  # the full way: the site is loaded
    second = build(mini, out, day, drafts=True, cache=first.cache.next_run())
    assert second.atlas.policy["eu-law"] is first.atlas.policy["eu-law"]  # taken, not made again
    assert second.atlas.policy["us-il-act"] is not first.atlas.policy["us-il-act"]
    fresh = tmp_path / "fresh"
    build(mini, fresh, day, drafts=True, reuse=False)
    assert tree(out) == tree(fresh)


def test_serve_reports_a_records_problems_again_on_every_build(mini, tmp_path, day):
    out = tmp_path / ".atlas-preview"
    result = build(mini, out, day, drafts=True)
    cache = result.cache.next_run()
    policy = mini / "policies/us-il-act.yaml"
    policy.write_text(policy.read_text().replace("title: ", "title_typo: ", 1))
    for _ in range(2):
        with pytest.raises(ContentError) as error:
            build(mini, out, day, drafts=True, cache=cache)
        assert any("title_typo" in problem.message for problem in error.value.problems)
        cache = cache.next_run()


@pytest.mark.parametrize("pages", ["translated", "all"])
def test_a_text_edit_of_a_brief_with_a_chinese_edition_equals_a_full_build(mini, tmp_path, day, pages):
    """The brief's Chinese page shows its translation's text (pages: translated), or the English text of a brief
    without one (pages: all): an edit of the English text rebuilds the English page, and the Chinese page only
    where it shows that text (a quick rebuild once put the English text into the Chinese page instead)."""
    with (mini / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"languages:\n  - {{code: zh-Hans, prefix: zh, label: 中文, pages: {pages}}}\n")
    (mini / "briefs" / "first-brief.zh-Hans.md").write_text(
        "---\ntranslation_of: first-brief\nprevails: original\ntitle: 第一篇简报\nsummary: 链接记录。\n---\n正文。\n",
        encoding="utf-8")
    out = tmp_path / "site"
    build(mini, out, day)
    for slug in ("first-brief", "second-brief"):
        append(mini / f"briefs/{slug}.md", f"\nA new sentence in {slug}.\n")
        result = build(mini, out, day)
        english, chinese = (out / f"briefs/{slug}/index.html").read_bytes(), out / f"zh/briefs/{slug}/index.html"
        assert f"A new sentence in {slug}.".encode() in english
        if slug == "first-brief":  # translated: its Chinese page keeps the translation, and is not rendered
            assert quick(result) and result.rendered == 1
            assert "正文。" in chinese.read_text("utf-8") and "A new sentence" not in chinese.read_text("utf-8")
        elif pages == "all":  # untranslated, its Chinese page shows the English text: both pages rendered
            assert not quick(result) and f"A new sentence in {slug}." in chinese.read_text("utf-8")
        else:
            assert quick(result) and not chinese.exists()
        assert tree(out) == full_build(mini, tmp_path, day)  # the manifest too
