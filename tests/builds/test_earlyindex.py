"""A brief's title or summary edited: its search shard indexed while the state is read (builds/earlyindex.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.builds import earlyindex
from generator.site import search
from site_trees import settled, tree

from edit_support import edit_fronts

pytest.importorskip("pagefind")


def add_author(path: Path) -> None:
    """Add an author to a brief (the page shows its authors)."""
    text = path.read_text(encoding="utf-8")
    assert "\nauthors:\n" in text
    path.write_text(text.replace("\nauthors:\n", "\nauthors:\n- A. Newcomer\n", 1), encoding="utf-8")


@pytest.fixture
def runs(monkeypatch) -> list[bool]:
    """Each Pagefind run of a build from now on: whether it was held to one thread (the early one)."""
    found: list[bool] = []
    real = search.index_pages

    def spy(*args, one_thread=False, **kwargs):
        found.append(one_thread)
        return real(*args, one_thread=one_thread, **kwargs)

    monkeypatch.setattr(search, "index_pages", spy)
    return found


@pytest.fixture
def taken(monkeypatch) -> list[str]:
    """The shards whose early index a build took."""
    found: list[str] = []
    real = earlyindex.Early.into

    def spy(self, target):
        found.append(self.name)
        return real(self, target)

    monkeypatch.setattr(earlyindex.Early, "into", spy)
    return found


def leftovers(out: Path) -> list[str]:
    return sorted(path.name for path in settled(out.parent).iterdir() if path.name.startswith(f".{out.name}-"))


@pytest.mark.parametrize("fields", [("summary",), ("title",), ("title", "summary")])
def test_a_title_or_summary_edit_is_indexed_ahead_and_the_build_takes_that_index(synthetic, tmp_path, day, runs, taken,
                                                                                 fields):
    out = tmp_path / "site"
    build(synthetic, out, day, search=True)
    runs.clear()
    edit_fronts(sorted((synthetic / "briefs").glob("*.md"))[7], {field: "Edited:" for field in fields})
    assert build(synthetic, out, day, search=True).way == "edited"
    assert runs == [True] and len(taken) == 1  # Pagefind ran once, ahead, and not again for the same shard
    fresh = tmp_path / "fresh"
    build(synthetic, fresh, day, reuse=False, search=True)
    assert tree(out) == tree(fresh)
    assert leftovers(out) == []


def test_a_guess_that_does_not_hold_is_dropped_and_the_shard_indexed_as_rendered(synthetic, tmp_path, day, runs,
                                                                                 taken):
    """The authors edited with the summary: the page foreseen (the summary replaced) is not the page rendered."""
    out = tmp_path / "site"
    build(synthetic, out, day, search=True)
    runs.clear()
    brief = sorted((synthetic / "briefs").glob("*.md"))[7]
    edit_fronts(brief, {"summary": "Edited:"})
    add_author(brief)
    assert build(synthetic, out, day, search=True).way == "edited"
    assert runs == [True, False] and taken == []
    fresh = tmp_path / "fresh"
    build(synthetic, fresh, day, reuse=False, search=True)
    assert tree(out) == tree(fresh)
    assert leftovers(out) == []


@pytest.mark.parametrize("edit", ["authors", "summary and text"])
def test_edits_that_are_not_of_the_title_or_summary_alone_are_not_indexed_ahead(synthetic, tmp_path, day, runs, edit):
    out = tmp_path / "site"
    build(synthetic, out, day, search=True)
    runs.clear()
    brief = sorted((synthetic / "briefs").glob("*.md"))[7]
    if edit == "authors":
        add_author(brief)
    else:
        edit_fronts(brief, {"summary": "Edited:"})
        brief.write_text(brief.read_text(encoding="utf-8") + "\nA sentence added.\n", encoding="utf-8")
    assert build(synthetic, out, day, search=True).way == "edited"
    assert True not in runs


def test_a_failed_edited_build_leaves_no_early_index_behind(synthetic, tmp_path, day, runs, monkeypatch):
    """The state unreadable once the early run has started: the full build follows, and nothing is left over."""
    from generator.builds import state

    out = tmp_path / "site"
    build(synthetic, out, day, search=True)
    runs.clear()
    monkeypatch.setattr(state, "read", lambda *args: None)
    edit_fronts(sorted((synthetic / "briefs").glob("*.md"))[7], {"summary": "Edited:"})
    assert build(synthetic, out, day, search=True).way == "full"
    assert runs[0] is True  # the early run started, then the build went the full way
    assert leftovers(out) == []
    fresh = tmp_path / "fresh"
    build(synthetic, fresh, day, reuse=False, search=True)
    assert tree(out) == tree(fresh)


@pytest.mark.parametrize("trouble", ["plan damaged", "plan missing", "disk full"])
def test_the_early_index_is_only_ever_a_guess(synthetic, tmp_path, day, runs, monkeypatch, trouble):
    """Its record of shards damaged or gone, or its pages not gathered: the edit is built as it would be without it."""
    from generator.builds import inputs

    out = tmp_path / "site"
    build(synthetic, out, day, search=True)
    runs.clear()
    plan = inputs.folder_for(tmp_path / ".atlas-cache", out) / earlyindex.PLAN
    assert plan.is_file()
    if trouble == "plan damaged":
        plan.write_bytes(b"\xff\xfe" + plan.read_bytes()[:-1])  # not UTF-8, and no end of line at the end
    elif trouble == "plan missing":
        plan.unlink()
    else:  # the early run's pages could not be gathered (its process found the disk full); the Indexer's can
        real, calls = search._index_apart, []

        def refused_once(*args, **kwargs):
            calls.append(args)
            if len(calls) == 1:
                raise search.SearchUnavailable("the pages could not be gathered: [Errno 28] No space left on device")
            return real(*args, **kwargs)

        monkeypatch.setattr(search, "_index_apart", refused_once)
    edit_fronts(sorted((synthetic / "briefs").glob("*.md"))[7], {"summary": "Edited:"})
    assert build(synthetic, out, day, search=True).way == "edited"
    early = runs[:1] if trouble == "disk full" else []
    assert early == ([True] if trouble == "disk full" else []) and True not in runs[len(early):]  # the Indexer's runs
    assert leftovers(out) == []
    fresh = tmp_path / "fresh"
    build(synthetic, fresh, day, reuse=False, search=True)
    assert tree(out) == tree(fresh)
