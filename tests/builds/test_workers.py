"""The rendering workers: Python's full cycle collections kept rare while pages render, and off
what a worker inherits; and a few pages rendered ahead, in a process forked before the workers."""

import gc
import multiprocessing
import os
import time

import pytest

from generator.builds import workers
from generator.site.plan import Page


class CollectorReport:
    """Stands for the Renderer: each page's bytes say how the cycle collector stands in the process rendering it."""

    def render_with_body(self, page):
        return f"{gc.get_threshold()[2]} {gc.get_freeze_count()}".encode(), None


PAGES = tuple(Page(f"p{i}/", f"p{i}/index.html", "page", str(i)) for i in range(6))


def _reports(folder):
    return [tuple(map(int, (folder / page.output).read_text().split())) for page in PAGES]


def test_forked_workers_collect_rarely_and_leave_what_they_inherit_alone(tmp_path):
    before = gc.get_threshold()
    gc.unfreeze()  # what an earlier build in this process froze: the workers must freeze it themselves
    written, problems = workers.render_pages(CollectorReport(), PAGES, tmp_path, jobs=2, few=True)
    assert not problems and len(written) == len(PAGES)
    for full_after, frozen in _reports(tmp_path):
        assert full_after == workers.FULL_COLLECTIONS_AFTER > before[2]
        assert frozen > 1000  # the objects of this process, inherited by the fork
    assert gc.get_threshold() == before  # the build's own process is left as it was


def test_rendering_in_the_build_s_own_process_collects_rarely_for_the_while(tmp_path):
    before = gc.get_threshold()
    workers.render_pages(CollectorReport(), PAGES, tmp_path, jobs=1, few=True)
    assert {full_after for full_after, _ in _reports(tmp_path)} == {workers.FULL_COLLECTIONS_AFTER}
    assert gc.get_threshold() == before  # as it was once the pages are written (serve goes on)


def test_the_collector_is_restored_when_rendering_in_the_build_s_own_process_fails(tmp_path):
    before = gc.get_threshold()

    class Failing:
        def render_with_body(self, page):
            raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        workers.render_pages(Failing(), PAGES, tmp_path, jobs=1)
    assert gc.get_threshold() == before


def test_a_large_file_rendered_in_the_build_s_own_process_is_written_by_a_thread(tmp_path, monkeypatch):
    """atlas.json (11 MB at 10,000 briefs) is written and hashed while the next pages render; render_pages returns
    once it is written, with its digest, and tells `done` of it as of every page."""
    import threading

    from generator.hashing import digest

    class Sized:
        def render_with_body(self, page):
            return page.key.encode() * (1000 if page.key == "0" else 1), None

    writers = {}
    written_by = workers._written

    def noted(target, data, *rest):
        writers[target.parent.name] = threading.current_thread().name  # each page is its folder's index.html
        return written_by(target, data, *rest)

    monkeypatch.setattr(workers, "_written", noted)
    monkeypatch.setattr(workers, "LARGE_FILE", 500)
    told = []
    written, problems = workers.render_pages(Sized(), PAGES, tmp_path, jobs=1, few=True,
                                             done=lambda output, page: told.append(output))
    assert not problems and sorted(told) == sorted(written) == sorted(page.output for page in PAGES)
    assert writers["p0"].startswith("large-files") and {writers[f"p{i}"] for i in range(1, 6)} == {"MainThread"}
    assert written["p0/index.html"].content == digest((tmp_path / "p0/index.html").read_bytes()) == digest(b"0" * 1000)


class Phase:
    """Stands for the Renderer: each page's bytes say what the process rendering it saw of the build, and its pid."""

    phase = "before"

    def render_with_body(self, page):
        if page.key == "slow":
            time.sleep(30)
        return f"{self.phase} {os.getpid()}".encode(), None


class Counted:
    """Stands for the progress bars: counts each stage's pages."""

    def __init__(self):
        self.total, self.advanced = 0, 0

    def stage(self, name, total, unit=""):
        self.total = total

    def advance(self, count=1):
        self.advanced += count


def test_pages_rendered_ahead_see_the_build_as_it_was_and_come_back_with_the_others(tmp_path):
    renderer, progress, seen = Phase(), Counted(), []
    ahead_pages, later = PAGES[:2], PAGES[2:]
    with workers.Ahead(renderer, ahead_pages, tmp_path, searched=False) as ahead:
        renderer.phase = "after"  # what the build works out meanwhile (the change log), for the workers forked next
        written, problems = workers.render_pages(renderer, later, tmp_path, jobs=2, progress=progress, few=True,
                                                 done=lambda output, page: seen.append(output), ahead=ahead)
    assert not problems and sorted(written) == sorted(seen) == sorted(page.output for page in PAGES)
    assert progress.total == progress.advanced == len(PAGES)
    report = {page: (tmp_path / page.output).read_text().split() for page in PAGES}
    for page in ahead_pages:
        assert report[page][0] == "before" and int(report[page][1]) != os.getpid()  # forked before the change
    assert {report[page][0] for page in later} == {"after"}
    assert not multiprocessing.active_children()


def test_leaving_early_ends_the_process_rendering_ahead(tmp_path):
    slow = (Page("slow/", "slow/index.html", "page", "slow"),)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        with workers.Ahead(Phase(), slow, tmp_path, searched=False):
            raise KeyboardInterrupt  # the build stopped, or failed, before it asked for those pages
    assert not multiprocessing.active_children() and time.monotonic() - started < 10
    assert not (tmp_path / "slow" / "index.html").exists()


def test_the_process_rendering_ahead_ends_once_its_pages_are_written(tmp_path):
    with workers.Ahead(Phase(), PAGES, tmp_path, searched=False) as ahead:
        waited = time.monotonic()
        while multiprocessing.active_children() and time.monotonic() - waited < 20:
            time.sleep(0.05)
        assert not multiprocessing.active_children()  # gone before anyone asks for its pages: its memory with it
        assert sorted(output for _, (output, _) in ahead.results()) == sorted(page.output for page in PAGES)
