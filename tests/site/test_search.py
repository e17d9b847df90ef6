"""The Pagefind search index: built from the rendered pages, deterministic, kept when nothing changed."""

import pytest

from generator.build import build


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_index_is_built_deterministically_and_kept_when_pages_do_not_change(mini, tmp_path, day):
    pytest.importorskip("pagefind")
    one, two = tmp_path / "one", tmp_path / "two"
    build(mini, one, day, search=True)
    build(mini, two, day, search=True)
    assert any(name.startswith("pagefind/") for name in tree(one)) and tree(one) == tree(two)
    entry = one / "pagefind/pagefind-entry.json"
    before = entry.stat().st_mtime_ns
    build(mini, one, day, search=True)
    assert entry.stat().st_mtime_ns == before  # nothing changed: the index was kept, not rebuilt
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text() + "\nA unique word: zyxwvut.\n")
    build(mini, one, day, search=True)
    assert entry.stat().st_mtime_ns != before
    fragments = b"".join(p.read_bytes() for p in (one / "pagefind/fragment").iterdir())
    assert fragments  # compressed; the browser test searches it for real


def test_without_search_no_index_and_stale_index_removed(mini, tmp_path, day):
    pytest.importorskip("pagefind")
    out = tmp_path / "site"
    build(mini, out, day, search=True)
    build(mini, out, day, search=False)
    assert not (out / "pagefind").exists()
