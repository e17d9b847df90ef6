"""A full build that rewrote most of its output exchanges the staging folder and the output in one step, the files
it keeps hard-linked across, and leaves the old output to a process of its own to delete (generator/builds/swap.py);
one that keeps most of its output moves its new files in through the journal, as before."""

import datetime as dt
import os
import subprocess
import sys

import pytest
import yaml

from generator.build import build
from generator.builds import swap, write

from site_trees import settled, tree

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DAY, NEXT_DAY = dt.date(2026, 11, 27), dt.date(2026, 11, 28)
exchange_available = pytest.mark.skipif(swap._renameat2() is None, reason="needs Linux's renameat2")


@pytest.fixture
def kept(monkeypatch):
    """The files of the old output each exchange linked into the new one."""
    linked = []
    real = swap.exchanged

    def spy(staging, out, files):
        linked.append(list(files))
        return real(staging, out, linked[-1])
    monkeypatch.setattr(write, "exchanged", spy)
    return linked


@exchange_available
def test_a_build_that_rewrites_most_of_its_output_exchanges_the_folders(mini, tmp_path, kept):
    out = tmp_path / "site"
    build(mini, out, DAY, search=True)
    before = os.stat(out).st_ino
    inodes = {relative: os.stat(out / relative).st_ino for relative in tree(out)}
    build(mini, out, NEXT_DAY, search=True)  # every page shows the date: every page is written again
    assert os.stat(out).st_ino != before  # the staging folder is the output now
    assert len(kept) == 1 and kept[0], "the unchanged search files are kept"
    assert all(os.stat(out / relative).st_ino == inodes[relative] for relative in kept[0])  # linked, not copied
    reference = tmp_path / "reference"
    build(mini, reference, NEXT_DAY, search=True)
    assert tree(out) == tree(reference)
    assert sorted(p.name for p in settled(tmp_path).iterdir() if p.name.startswith(".site")) == []


def test_a_build_that_keeps_most_of_its_output_moves_its_new_files_in(synthetic, tmp_path, kept):
    out = tmp_path / "site"
    build(synthetic, out, DAY, search=False)
    before = os.stat(out).st_ino
    model = sorted((synthetic / "briefs").glob("*.md"))[0]
    _, front, body = model.read_text(encoding="utf-8").split("---\n", 2)
    data = {**yaml.safe_load(front), "title": "An added brief"}
    (model.with_name("zz-added.md")).write_text(f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\n{body}",
                                                encoding="utf-8")
    build(synthetic, out, DAY, search=False)  # a full build, which keeps the pages the new brief leaves as they were
    assert kept == [] and os.stat(out).st_ino == before
    reference = tmp_path / "reference"
    build(synthetic, reference, DAY, search=False)
    assert tree(out) == tree(reference)


def test_where_folders_cannot_be_exchanged_the_journal_commits(mini, tmp_path, monkeypatch):
    monkeypatch.setattr(swap, "_renameat2", lambda: None)  # another system, or a C library without it
    out = tmp_path / "site"
    build(mini, out, DAY, search=False)
    before = os.stat(out).st_ino
    build(mini, out, NEXT_DAY, search=False)
    assert os.stat(out).st_ino == before
    reference = tmp_path / "reference"
    build(mini, reference, NEXT_DAY, search=False)
    assert tree(out) == tree(reference)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


# The next day's build, killed (as by a power cut: no cleanup) just before the exchange or just after it.
CRASH = """
import os, sys
from generator.builds import swap
from generator.cli import main
real = swap._renameat2
def dying():
    exchange = real()
    def then(first, second):
        if WHEN == "before":
            os._exit(137)
        exchange(first, second)
        os._exit(137)
    return then
swap._renameat2 = dying
sys.exit(main(sys.argv[1:]))
"""


@exchange_available
@pytest.mark.parametrize("when", ["before", "after"])
def test_a_build_killed_at_the_exchange_leaves_the_old_site_or_the_new_one(mini, tmp_path, when):
    out = tmp_path / "site"
    build(mini, out, DAY, search=False)
    before = tree(out)
    command = ["build", "--source", str(mini), "--out", str(out), "--no-search", "--as-of", NEXT_DAY.isoformat()]
    done = subprocess.run([sys.executable, "-c", CRASH.replace("WHEN", repr(when)), *command], capture_output=True,
                          text=True, timeout=60, env=dict(os.environ, PYTHONPATH=REPO))
    assert done.returncode == 137, done.stderr
    reference = tmp_path / "reference"
    build(mini, reference, NEXT_DAY, search=False)
    assert tree(out) == (before if when == "before" else tree(reference))  # whole, before any recovery
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-build-")]  # what the next build clears
    build(mini, out, NEXT_DAY, search=False)
    assert tree(out) == tree(reference)
    assert sorted(p.name for p in settled(tmp_path).iterdir() if p.name.startswith(".site")) == []
